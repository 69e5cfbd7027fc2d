/**
 * Requests to one repository of one registry: picks the scheme (HTTPS, or HTTP for
 * loopback/insecure hosts whose server does not speak TLS, remembered per host),
 * attaches authorization (Authorization only for the registry's own origin), and
 * answers one 401 with the challenge flow. Maps final error statuses to RegistryErrors.
 */

import type { AuthUse, Authenticator } from './auth';
import type { RegistryEndpoint } from './endpoint';
import { repoPathForUrl } from './endpoint';
import { RegistryError } from './errors';
import { invalidResponse, loginCommand, rateLimitedError, registryErrorCodes, serverError } from './messages';
import type { RequestContext } from './messages';
import type { RequestOutcome, Requester } from './requester';

export interface SessionDeps {
  requester: Requester;
  authn: Authenticator;
  /** Scheme that worked per host (shared by all sessions of a client). */
  schemes: Map<string, 'https' | 'http'>;
  userAgent: string;
}

export interface SessionRequest {
  method: 'GET' | 'HEAD';
  /** Path after `/v2/<repo>/`, e.g. `manifests/latest`, `tags/list?n=50`; null for the API root `/v2/`. */
  subPath: string | null;
  accept?: string;
  maxBodyBytes: number;
  signal?: AbortSignal;
  onSend?: () => void;
}

const PING_BODY_BYTES = 64 * 1024;

export class RepositorySession {
  /** Credentials took part in a successful request. */
  usedCredentials = false;

  constructor(
    private readonly deps: SessionDeps,
    readonly endpoint: RegistryEndpoint,
    readonly path: string,
    readonly ctx: RequestContext,
  ) {}

  private scheme(): 'https' | 'http' {
    return this.deps.schemes.get(this.endpoint.host) ?? this.endpoint.schemes[0]!;
  }

  /** Sends the request; a 401 is answered once with the challenge flow; any status is returned. */
  async request(req: SessionRequest): Promise<RequestOutcome & { auth: AuthUse | undefined }> {
    if (await this.deps.authn.awaitChallenge(this.endpoint.host, req.signal)) {
      // Like docker, learn the host's challenge from the API root once, so that the
      // first manifest request of every repository already carries its token.
      let ping: RequestOutcome | undefined;
      try {
        ping = await this.sendWithScheme({ method: 'GET', subPath: null, maxBodyBytes: PING_BODY_BYTES, ...(req.signal ? { signal: req.signal } : {}) }, undefined);
      } catch {
        // The manifest request below reports the failure in its own words.
      } finally {
        // Waiters go on with the learned challenge (or none), even when the ping failed.
        this.deps.authn.probeFinished(this.endpoint, ping);
      }
    }
    let auth = await this.deps.authn.authorizationFor(this.endpoint, this.path, this.ctx, req.signal);
    let res = await this.sendWithScheme(req, auth);
    if (res.status === 401 && this.deps.authn.handleUnauthorized(this.endpoint, res, auth)) {
      auth = await this.deps.authn.authorizationFor(this.endpoint, this.path, this.ctx, req.signal);
      if (auth !== undefined) {
        res = await this.sendWithScheme(req, auth);
      }
    }
    if (res.status < 400 && auth?.withCredentials) {
      this.usedCredentials = true;
    }
    return { ...res, auth };
  }

  /**
   * Sends over the host's scheme. A host that may use plain HTTP (loopback or
   * listed as insecure) is tried over HTTPS first; like Docker, *any* failure of
   * that attempt (not TLS, a reset, a refused or timed-out connection, a bad
   * certificate) falls back to HTTP, at once and without retries, until one
   * scheme has answered. After that only a "not TLS" answer switches. When
   * plain HTTP fails too, the HTTPS failure is reported: it says what to fix
   * (a CA file, a certificate) better than an HTTP answer from a TLS port.
   */
  private async sendWithScheme(req: SessionRequest, auth: AuthUse | undefined): Promise<RequestOutcome> {
    let httpsFailure: RegistryError | null = null;
    for (;;) {
      const scheme = this.scheme();
      const next = this.endpoint.schemes[this.endpoint.schemes.indexOf(scheme) + 1];
      const probing = next !== undefined && !this.deps.schemes.has(this.endpoint.host);
      const origin = `${scheme}://${this.endpoint.host}`;
      const url = new URL(req.subPath === null ? `${origin}/v2/` : `${origin}/v2/${repoPathForUrl(this.path)}/${req.subPath}`);
      const headers: Record<string, string> = { 'user-agent': this.deps.userAgent };
      if (req.accept) {
        headers['accept'] = req.accept;
      }
      let res: RequestOutcome;
      try {
        res = await this.deps.requester.send({
          method: req.method,
          url,
          headers,
          ...(auth ? { authorization: { origin: url.origin, value: auth.value } } : {}),
          maxBodyBytes: req.maxBodyBytes,
          skipTlsVerify: this.endpoint.skipTlsVerify,
          ...(req.signal ? { signal: req.signal } : {}),
          ctx: this.ctx,
          ...(req.onSend ? { onSend: req.onSend } : {}),
          ...(probing ? { noNetworkRetries: true } : {}),
        });
      } catch (e) {
        const fallBack = e instanceof RegistryError && next !== undefined && (e.code === 'NOT_TLS' || (probing && e.kind !== 'cancelled' && e.status === undefined));
        if (fallBack) {
          this.deps.schemes.set(this.endpoint.host, next);
          httpsFailure ??= e.code === 'NOT_TLS' ? null : e;
          continue;
        }
        const httpFailedToo = e instanceof RegistryError && e.kind !== 'cancelled' && e.status === undefined;
        throw httpsFailure && httpFailedToo ? this.forgetScheme(httpsFailure) : e;
      }
      // Go's TLS servers answer plain HTTP with "400 Client sent an HTTP request to an HTTPS server".
      if (httpsFailure && res.status === 400) {
        throw this.forgetScheme(httpsFailure);
      }
      if (!this.deps.schemes.has(this.endpoint.host)) {
        this.deps.schemes.set(this.endpoint.host, scheme);
      }
      return res;
    }
  }

  /** Neither scheme answered: the next request probes HTTPS again. Returns the error to throw. */
  private forgetScheme(failure: RegistryError): RegistryError {
    this.deps.schemes.delete(this.endpoint.host);
    return failure;
  }

  /** The RegistryError for a non-success status (401, 403, 429, 5xx, other). */
  async statusError(res: RequestOutcome & { auth: AuthUse | undefined }): Promise<RegistryError> {
    const codes = registryErrorCodes(res.body);
    if (res.status === 401) {
      return this.deps.authn.unauthorizedError(this.endpoint, this.path, res.auth, this.ctx);
    }
    if (res.status === 403) {
      const who = res.auth?.withCredentials ? 'the logged-in account' : 'anonymous users';
      return new RegistryError({
        kind: 'forbidden',
        host: this.ctx.host,
        status: 403,
        code: codes[0] ?? 'DENIED',
        message: `${this.ctx.host} denied access to ${this.ctx.image ?? this.path} for ${who} (HTTP 403). Ask the registry owner for pull access${res.auth?.withCredentials ? '' : `, or log in with \`${loginCommand(this.endpoint.domain, this.endpoint.isDockerHub)}\``}.`,
      });
    }
    if (res.status === 429) {
      return rateLimitedError(this.ctx, 429, res.retryAfterMs);
    }
    if (res.status >= 500) {
      return serverError(this.ctx, res.status, res.attempts, res.retryAfterMs);
    }
    return invalidResponse(this.ctx, `an unexpected HTTP ${res.status}${codes.length ? ` (${codes.join(', ')})` : ''}`, codes[0] ?? `HTTP_${res.status}`);
  }
}
