/**
 * Registry authentication: learns each host's challenge (`WWW-Authenticate` on a
 * 401), then authorises requests with Basic credentials or Bearer tokens from the
 * token service the registry named (`realm`), per `repository:<path>:pull` scope.
 *
 * - Token requests go only to the realm of the registry's own challenge, with Basic
 *   credentials when we have them (or the OAuth2 refresh-token POST for identity
 *   tokens). The realm must be https unless it is loopback or listed as insecure;
 *   otherwise no credentials are sent to it.
 * - Tokens are cached per realm/service/scope/identity until `expires_in` runs out; the
 *   scopes that concurrent lookups need from one token service share one request
 *   (several `scope` parameters, see tokenBatches.ts).
 * - Once a host's challenge is known, later scopes get their token before the first
 *   manifest request (no extra 401 round trip).
 * Every credential and token is registered in the client's SecretSet for redaction.
 */

import { findChallenge, parseWwwAuthenticate } from './challenge';
import type { Credentials, CredentialLookup, CredentialStore } from './credentialStore';
import { isListedInsecure, isLoopbackHost } from './endpoint';
import type { RegistryEndpoint } from './endpoint';
import { RegistryError } from './errors';
import type { SecretSet } from './errors';
import { invalidResponse, loginCommand, rateLimitedError, serverError } from './messages';
import type { RequestContext } from './messages';
import type { RequestOutcome, Requester } from './requester';
import { TokenBatches } from './tokenBatches';
import { parseTokenResponse, tokenKey } from './tokenCache';
import type { TokenCache } from './tokenCache';

export interface AuthUse {
  /** Authorization header value. */
  value: string;
  /** Token cache key when this is a cached/fetched bearer token. */
  tokenKey?: string;
  /** The token was fetched during this exchange (a second 401 will not be retried). */
  fresh: boolean;
  /** Credentials took part (Basic, or a token obtained with credentials). */
  withCredentials: boolean;
}

interface HostChallenge {
  scheme: 'bearer' | 'basic';
  realm?: string;
  service?: string;
}

export interface AuthenticatorDeps {
  requester: Requester;
  credentials: CredentialStore;
  tokens: TokenCache;
  secrets: SecretSet;
  insecureHosts: readonly string[];
  onTokenRequest: () => void;
  userAgent: string;
}

const MAX_TOKEN_BODY = 1 << 20;

export class Authenticator {
  private readonly challenges = new Map<string, HostChallenge>();
  private readonly lookups = new Map<string, Promise<CredentialLookup>>();
  /** Hosts whose challenge is being learned by a first request; others wait for it. */
  private readonly probes = new Map<string, Promise<void>>();
  private readonly probeDone = new Map<string, () => void>();
  /** Hosts that answered a request without asking for authentication. */
  private readonly openHosts = new Set<string>();
  /** Scopes asked of one token service together go out in one request. */
  private readonly batches = new TokenBatches();

  constructor(private readonly deps: AuthenticatorDeps) {}

  /**
   * Before a request to `host`: while its challenge is unknown, the first caller
   * goes ahead and the others wait for its answer, so a burst of lookups costs one
   * 401 round trip instead of one each. Returns true when the caller is the probe
   * and must call `probeFinished(host)` once its response (or failure) is in.
   */
  async awaitChallenge(host: string, signal?: AbortSignal): Promise<boolean> {
    if (this.challenges.has(host) || this.openHosts.has(host)) {
      return false;
    }
    const pending = this.probes.get(host);
    if (!pending) {
      this.probes.set(host, new Promise<void>((resolve) => this.probeDone.set(host, resolve)));
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      void pending.then(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    return false;
  }

  /** The probe's answer is in (undefined when it failed): learn the challenge, or that the host needs none. */
  probeFinished(ep: RegistryEndpoint, res: RequestOutcome | undefined): void {
    const host = ep.host;
    if (res?.status === 401) {
      this.handleUnauthorized(ep, res, undefined);
    } else if (res !== undefined && !this.challenges.has(host)) {
      this.openHosts.add(host);
    }
    this.probes.delete(host);
    this.probeDone.get(host)?.();
    this.probeDone.delete(host);
  }

  clear(): void {
    this.openHosts.clear();
    this.challenges.clear();
    this.lookups.clear();
    this.deps.tokens.clear();
    this.deps.credentials.clear?.();
  }

  /** Credentials for a repository (cached per host and path until clear()). */
  credentialsFor(ep: RegistryEndpoint, path: string): Promise<CredentialLookup> {
    const key = `${ep.host}/${path}`;
    let p = this.lookups.get(key);
    if (!p) {
      // No caller signal: the answer is shared and cached, so one caller's cancellation
      // must not turn it into "no credentials" (helpers have their own timeout).
      p = this.deps.credentials.lookup({ host: ep.host, path, isDockerHub: ep.isDockerHub }).then(
        (r) => {
          const c = r.credentials;
          if (c) {
            this.deps.secrets.add(c.password);
            this.deps.secrets.add(c.identityToken);
            this.deps.secrets.add(c.registryToken);
            if (c.username && c.password) {
              this.deps.secrets.add(Buffer.from(`${c.username}:${c.password}`).toString('base64'));
            }
          }
          return r;
        },
        (): CredentialLookup => ({ credentials: null, note: 'the credential store could not be read' }),
      );
      this.lookups.set(key, p);
    }
    return p;
  }

  /** Authorization for a request to `ep` for `path`, when the host's scheme is already known. */
  async authorizationFor(ep: RegistryEndpoint, path: string, ctx: RequestContext, signal?: AbortSignal): Promise<AuthUse | undefined> {
    const ch = this.challenges.get(ep.host);
    if (!ch) {
      return undefined;
    }
    const { credentials } = await this.credentialsFor(ep, path);
    if (ch.scheme === 'basic') {
      if (credentials?.username && credentials.password) {
        const value = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        return { value, fresh: false, withCredentials: true };
      }
      return undefined;
    }
    if (credentials?.registryToken) {
      return { value: `Bearer ${credentials.registryToken}`, fresh: false, withCredentials: true };
    }
    if (!ch.realm) {
      return undefined;
    }
    const scope = `repository:${path}:pull`;
    const realmUrl = this.realmUrl(ch.realm, ctx);
    const sendCreds = credentials !== null && this.realmMayReceiveCredentials(realmUrl);
    const identity = sendCreds ? `${credentials.source}\n${credentials.username ?? ''}` : 'anonymous';
    const key = tokenKey(ch.realm, ch.service, scope, identity);
    let fresh = false;
    const tokenCredentials = sendCreds ? credentials : null;
    const token = await this.deps.tokens.getOrFetch(key, async () => {
      fresh = true;
      if (tokenCredentials?.identityToken) {
        // The OAuth2 refresh-token POST asks for one scope: no batching there.
        return this.fetchToken(realmUrl, ch.service, [scope], tokenCredentials, ctx, signal);
      }
      // One caller's cancellation must not fail the other repositories of a shared request.
      return this.batches.request(JSON.stringify([ch.realm, ch.service ?? '', identity]), scope, (scopes) =>
        this.fetchToken(realmUrl, ch.service, scopes, tokenCredentials, ctx, scopes.length === 1 ? signal : undefined),
      );
    });
    this.deps.secrets.add(token);
    return { value: `Bearer ${token}`, tokenKey: key, fresh, withCredentials: sendCreds };
  }

  /**
   * After a 401: learn the challenge; drop the token that was used. Returns true when
   * a retry with new authorization can succeed.
   */
  handleUnauthorized(ep: RegistryEndpoint, res: RequestOutcome, used: AuthUse | undefined): boolean {
    const all = parseWwwAuthenticate(res.headers['www-authenticate']);
    const bearer = findChallenge(all, 'bearer');
    const basic = findChallenge(all, 'basic');
    let next: HostChallenge | undefined;
    if (bearer && bearer.params['realm']) {
      next = { scheme: 'bearer', realm: bearer.params['realm'], ...(bearer.params['service'] !== undefined ? { service: bearer.params['service'] } : {}) };
    } else if (basic) {
      next = { scheme: 'basic' };
    }
    if (!next) {
      return false;
    }
    const prev = this.challenges.get(ep.host);
    this.challenges.set(ep.host, next);
    if (used?.tokenKey) {
      this.deps.tokens.invalidate(used.tokenKey);
    }
    const changed = !prev || prev.scheme !== next.scheme || prev.realm !== next.realm || prev.service !== next.service;
    if (changed) {
      return true;
    }
    // Same challenge: a request sent before the challenge was known (no authorization)
    // is retried with it; otherwise only a cached (possibly revoked) token is worth replacing.
    return used === undefined || (used.tokenKey !== undefined && !used.fresh);
  }

  /** The error for a final 401. */
  async unauthorizedError(ep: RegistryEndpoint, path: string, used: AuthUse | undefined, ctx: RequestContext): Promise<RegistryError> {
    const lookup = await this.credentialsFor(ep, path);
    return authRequired(ep, ctx, used?.withCredentials ? lookup.credentials : null, lookup.note, used !== undefined);
  }

  private realmUrl(realm: string, ctx: RequestContext): URL {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw invalidResponse(ctx, 'its authentication challenge names an invalid token service URL', 'BAD_REALM');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw invalidResponse(ctx, `its authentication challenge names a ${url.protocol} token service`, 'BAD_REALM');
    }
    return url;
  }

  private realmMayReceiveCredentials(url: URL): boolean {
    if (url.protocol === 'https:') {
      return true;
    }
    return isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')) || isListedInsecure(url.host, this.deps.insecureHosts);
  }

  private async fetchToken(
    realm: URL,
    service: string | undefined,
    scopes: readonly string[],
    credentials: Credentials | null,
    ctx: RequestContext,
    signal?: AbortSignal,
  ): Promise<{ token: string; expiresAt: number }> {
    const url = new URL(realm.toString());
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.deps.userAgent };
    let res: RequestOutcome;
    const common = {
      maxBodyBytes: MAX_TOKEN_BODY,
      skipTlsVerify: isListedInsecure(url.host, this.deps.insecureHosts),
      ...(signal ? { signal } : {}),
      ctx,
      onSend: () => this.deps.onTokenRequest(),
    };
    if (credentials?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'kube-image-lens', scope: scopes.join(' ') });
      if (service !== undefined) {
        form.set('service', service);
      }
      res = await this.deps.requester.send({
        ...common,
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (service !== undefined) {
        url.searchParams.set('service', service);
      }
      for (const scope of scopes) {
        url.searchParams.append('scope', scope);
      }
      const basic =
        credentials?.username && credentials.password ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
      res = await this.deps.requester.send({
        ...common,
        method: 'GET',
        url,
        headers,
        ...(basic ? { authorization: { origin: url.origin, value: basic } } : {}),
      });
    }
    const tokenHost = url.host;
    if (res.status === 401 || res.status === 403) {
      const ep = { host: ctx.host, isDockerHub: ctx.isDockerHub === true };
      if (credentials) {
        throw new RegistryError({
          kind: 'auth-required',
          host: ctx.host,
          status: res.status,
          code: 'TOKEN_DENIED',
          message: `The token service ${tokenHost} of ${ctx.host} rejected the credentials from ${credentials.source}${ctx.image ? ` for ${ctx.image}` : ''}. Log in again with \`${loginCommand(ep.host, ep.isDockerHub)}\`.`,
        });
      }
      throw new RegistryError({
        kind: res.status === 403 ? 'forbidden' : 'auth-required',
        host: ctx.host,
        status: res.status,
        code: 'TOKEN_DENIED',
        message: `The token service ${tokenHost} of ${ctx.host} refused anonymous access${ctx.image ? ` to ${ctx.image}` : ''}. Log in with \`${loginCommand(ep.host, ep.isDockerHub)}\`.`,
      });
    }
    if (res.status === 429) {
      throw rateLimitedError(ctx, 429, res.retryAfterMs);
    }
    if (res.status >= 500) {
      throw serverError(ctx, res.status, res.attempts, res.retryAfterMs);
    }
    if (res.status !== 200) {
      throw invalidResponse(ctx, `its token service ${tokenHost} answered HTTP ${res.status}`, `TOKEN_HTTP_${res.status}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw invalidResponse(ctx, `its token service ${tokenHost} did not answer JSON`, 'TOKEN_NOT_JSON');
    }
    const token = parseTokenResponse(body);
    if (!token) {
      throw invalidResponse(ctx, `its token service ${tokenHost} answered without a token`, 'TOKEN_MISSING');
    }
    this.deps.secrets.add(token.token);
    return token;
  }
}

export function authRequired(
  ep: Pick<RegistryEndpoint, 'host' | 'isDockerHub' | 'domain'>,
  ctx: RequestContext,
  usedCredentials: Credentials | null,
  note: string | undefined,
  triedToken: boolean,
): RegistryError {
  const login = loginCommand(ep.isDockerHub ? 'docker.io' : ep.domain, ep.isDockerHub);
  const image = ctx.image ? ` ${ctx.image}` : ' this image';
  let message: string;
  if (usedCredentials) {
    message = `${ctx.host} rejected the credentials from ${usedCredentials.source} for${image}. Log in again with \`${login}\`, and check that the account may pull this repository.`;
  } else if (triedToken) {
    message = `${ctx.host} did not allow anonymous access to${image}: the repository may not exist, or it is private. If it is private, log in with \`${login}\` (or \`podman login\`).`;
  } else {
    message = `${ctx.host} requires authentication for${image}. Log in with \`${login}\` (or \`podman login\`).`;
  }
  if (note) {
    message += ` Note: ${note}.`;
  }
  return new RegistryError({ kind: 'auth-required', host: ctx.host, status: 401, code: 'UNAUTHORIZED', message });
}

