/**
 * User-facing messages for every failure kind. Each says what happened and what the
 * person can do. Inputs are hosts, repository names, references, statuses and
 * registry error codes: never credentials or tokens.
 *
 * `Hints` lets the adapter name its own settings (`kubeImageLens.registry.caFile`
 * in VS Code, `--ca-file` in the CLI).
 */

import { RegistryError, formatDelay } from './errors';
import { PROXY_REFUSAL } from './networkFailure';
import type { NetworkFailure } from './networkFailure';

export interface Hints {
  /** How the user sets a CA file, e.g. "the kubeImageLens.registry.caFile setting". */
  caFileSetting?: string;
  /** How the user lists plain-HTTP/insecure registries. */
  insecureSetting?: string;
  /** How the user raises the request timeout. */
  timeoutSetting?: string;
}

const DEFAULT_HINTS: Required<Hints> = {
  caFileSetting: 'the registry CA file setting',
  insecureSetting: 'the insecure registries setting',
  timeoutSetting: 'the registry timeout setting',
};

export function withDefaults(h: Hints | undefined): Required<Hints> {
  return { ...DEFAULT_HINTS, ...(h ?? {}) };
}

export interface RequestContext {
  /** Registry host (or token realm host) the failure is about. */
  host: string;
  /** `localhost:5000/app:1.0`, for messages. */
  image?: string;
  isDockerHub?: boolean;
  timeoutMs: number;
  hints: Required<Hints>;
}

export function loginCommand(host: string, isDockerHub: boolean | undefined): string {
  return isDockerHub ? 'docker login' : `docker login ${host}`;
}

export function networkError(f: NetworkFailure, ctx: RequestContext, attempts: number): RegistryError {
  const what = ctx.image ? ` while looking up ${ctx.image}` : '';
  // A failure of the proxy itself names the proxy; one beyond it names the registry, reached through it.
  const peer = f.proxyHost ? `the proxy ${f.proxyHost}` : ctx.host;
  const via = f.viaProxy && !f.proxyHost ? ' through the configured proxy' : '';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (f.failure) {
    case 'tls':
      return new RegistryError({
        kind: 'tls',
        host: ctx.host,
        code: f.code,
        message:
          /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY|CERT_UNTRUSTED/.test(f.code)
            ? `The TLS certificate of ${peer} is not trusted (${f.code})${what}. If ${f.proxyHost ? 'the proxy' : 'the registry'} uses a self-signed or private CA, point ${ctx.hints.caFileSetting} (or NODE_EXTRA_CA_CERTS) at that CA's certificate.`
            : /ALTNAME|HOSTNAME/.test(f.code)
              ? `The TLS certificate of ${peer} does not name that host (${f.code})${what}. Use the host name the certificate was issued for.`
              : /EXPIRED|NOT_YET_VALID/.test(f.code)
                ? `The TLS certificate of ${peer} is outside its validity period (${f.code})${what}. Renew the certificate or check the clock.`
                : `A secure connection to ${peer}${via} could not be set up (${f.code})${what}. Check the registry's TLS configuration, or ${ctx.hints.caFileSetting} for a private CA.`,
      });
    case 'not-tls':
      return new RegistryError({
        kind: 'tls',
        host: ctx.host,
        code: 'NOT_TLS',
        message: f.proxyHost
          ? `The proxy ${f.proxyHost} does not speak HTTPS${what}. Check the proxy URL's scheme (http:// or https://).`
          : `${ctx.host} does not speak HTTPS${what}. If it is a plain-HTTP registry you trust, add it to ${ctx.hints.insecureSetting}.`,
      });
    case 'config':
      return new RegistryError({ kind: 'tls', host: ctx.host, code: f.code, message: `${f.message[0]!.toUpperCase()}${f.message.slice(1)} (${f.code}); fix ${ctx.hints.caFileSetting}.` });
    case 'truncated':
      return new RegistryError({
        kind: 'invalid-response',
        host: ctx.host,
        code: f.code,
        message: `The response from ${ctx.host} was cut off${tries}${what} (${f.message}); no digest was taken from it. Try again; if it persists, check proxies between you and the registry.`,
      });
    case 'too-large':
      return new RegistryError({ kind: 'invalid-response', host: ctx.host, code: f.code, message: `${ctx.host} sent an unexpectedly large response${what}; it is not a manifest.` });
    case 'reset':
      return new RegistryError({
        kind: 'unreachable',
        host: ctx.host,
        code: f.code,
        message: `The connection to ${peer}${via} was closed before it answered${tries}${what} (${f.code}). The registry or a proxy may be overloaded; try again later.`,
      });
    case 'aborted':
      return cancelledError(ctx.host);
    case 'unreachable':
    default:
      return new RegistryError({
        kind: 'unreachable',
        host: ctx.host,
        code: f.code,
        message: f.code.startsWith(PROXY_REFUSAL)
          ? proxyRefusal(f.code.slice(PROXY_REFUSAL.length), ctx.host, what)
          : f.proxyHost
            ? `Cannot connect to the proxy ${f.proxyHost} (${f.code})${what}. Check the proxy settings and that the proxy is running.`
            : /ENOTFOUND|EAI_AGAIN/.test(f.code)
              ? `The registry host ${ctx.host} cannot be found (${f.code})${what}. Check the image name and your DNS or network connection.`
              : `Cannot connect to ${ctx.host}${via} (${f.code})${what}. Check that the registry is running and reachable from this machine${f.viaProxy ? ' and that the proxy settings are right' : ''}.`,
      });
  }
}

function proxyRefusal(status: string, host: string, what: string): string {
  return status === '407'
    ? `The proxy asked for credentials before it would connect to ${host} (HTTP 407)${what}. Put them in the proxy URL, as http://user:password@proxy:port (VS Code's http.proxy, or HTTPS_PROXY/HTTP_PROXY for the CLI).`
    : `The proxy refused to connect to ${host} (HTTP ${status})${what}. Check that the proxy allows connections to this registry, or exempt the registry with NO_PROXY.`;
}

export function cancelledError(host: string): RegistryError {
  return new RegistryError({ kind: 'cancelled', host, code: 'ABORT_ERR', message: `The lookup on ${host} was cancelled.` });
}

export function timeoutError(ctx: RequestContext): RegistryError {
  return new RegistryError({
    kind: 'timeout',
    host: ctx.host,
    code: 'TIMEOUT',
    message: `${ctx.host} did not answer within ${formatDelay(ctx.timeoutMs)}${ctx.image ? ` while looking up ${ctx.image}` : ''}. Check the network or proxy, or raise ${ctx.hints.timeoutSetting}.`,
  });
}

export function rateLimitedError(ctx: RequestContext, status: number, retryAfterMs: number | undefined): RegistryError {
  const when = retryAfterMs !== undefined ? `Try again in ${formatDelay(retryAfterMs)}.` : 'Try again in a few minutes.';
  const hub = ctx.isDockerHub ? ' Docker Hub allows anonymous clients about 100 pulls per 6 hours; `docker login` raises the limit.' : '';
  return new RegistryError({
    kind: 'rate-limited',
    host: ctx.host,
    status,
    code: 'TOOMANYREQUESTS',
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    message: `${ctx.host} is limiting requests (HTTP ${status})${ctx.image ? ` for ${ctx.image}` : ''}. ${when}${hub}`,
  });
}

export function serverError(ctx: RequestContext, status: number, attempts: number, retryAfterMs: number | undefined): RegistryError {
  return new RegistryError({
    kind: 'unreachable',
    host: ctx.host,
    status,
    code: `HTTP_${status}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    message: `${ctx.host} answered HTTP ${status}${attempts > 1 ? ` ${attempts} times` : ''}${ctx.image ? ` for ${ctx.image}` : ''}: the registry is failing or unavailable. Try again ${retryAfterMs !== undefined ? `in ${formatDelay(retryAfterMs)}` : 'later'}.`,
  });
}

export function invalidResponse(ctx: RequestContext, detail: string, code = 'INVALID_RESPONSE'): RegistryError {
  return new RegistryError({
    kind: 'invalid-response',
    host: ctx.host,
    code,
    message: `${ctx.host} sent an invalid answer${ctx.image ? ` for ${ctx.image}` : ''}: ${detail}. No digest was taken from it.`,
  });
}

/** `{"errors":[{"code":"NAME_UNKNOWN",...}]}` → codes (validated identifiers only). */
export function registryErrorCodes(body: Buffer): string[] {
  if (body.length === 0 || body.length > 65536) {
    return [];
  }
  try {
    const json = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: unknown }> };
    return (json.errors ?? []).map((e) => e.code).filter((c): c is string => typeof c === 'string' && /^[A-Z_]{2,40}$/.test(c));
  } catch {
    return [];
  }
}
