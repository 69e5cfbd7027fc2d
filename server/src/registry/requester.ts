/**
 * HTTP requests with the policies every registry call shares: per-host concurrency
 * limit, per-attempt timeout, bounded retries with backoff honouring `Retry-After`
 * (HEAD/GET only), manual redirects (Authorization is sent only to its own origin and
 * dropped on a redirect elsewhere; no https→http downgrade except to loopback), and
 * cancellation. Network failures become RegistryErrors; HTTP statuses are returned.
 */

import { isLoopbackHost } from './endpoint';
import { RegistryError } from './errors';
import { KeyedLimiter } from './limiter';
import { cancelledError, invalidResponse, networkError, timeoutError } from './messages';
import type { RequestContext } from './messages';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from './retryPolicy';
import { NetworkFailure } from './networkFailure';
import { headerValue } from './transport';
import type { HttpResult, Transport } from './transport';

export interface RequestSpec {
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Sent only while the request URL's origin equals `origin`. */
  authorization?: { origin: string; value: string };
  maxBodyBytes: number;
  skipTlsVerify?: boolean;
  signal?: AbortSignal;
  ctx: RequestContext;
  /** Called once per HTTP request actually sent (for statistics). */
  onSend?: (url: URL) => void;
  /** Give up on the first network failure: the caller has another way to reach the host (plain HTTP). */
  noNetworkRetries?: boolean;
}

export interface RequesterOptions {
  retries: number;
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for: the answer is returned (→ rate-limited). */
  maxRetryWaitMs: number;
  maxConcurrencyPerHost: number;
  baseBackoffMs?: number;
}

export interface RequestOutcome extends HttpResult {
  /** The final URL after redirects. */
  finalUrl: URL;
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** Retry-After of the last answer, in ms, when given. */
  retryAfterMs?: number;
}

const MAX_REDIRECTS = 5;

export class Requester {
  private readonly limiter: KeyedLimiter;

  constructor(
    private readonly transport: Transport,
    private readonly opts: RequesterOptions,
  ) {
    this.limiter = new KeyedLimiter(opts.maxConcurrencyPerHost);
  }

  /** Requests in flight for `host` (tests). */
  inFlight(host: string): number {
    return this.limiter.inFlight(host);
  }

  async send(spec: RequestSpec): Promise<RequestOutcome> {
    const idempotent = spec.method === 'GET' || spec.method === 'HEAD';
    const maxAttempts = idempotent && spec.noNetworkRetries !== true ? this.opts.retries + 1 : 1;
    let attempt = 0;
    for (;;) {
      attempt++;
      let outcome: RequestOutcome;
      try {
        outcome = await this.followRedirects(spec, attempt);
      } catch (e) {
        if (!(e instanceof NetworkFailure)) {
          throw e;
        }
        const retryable = (e.failure === 'reset' || e.failure === 'truncated') && attempt < maxAttempts;
        if (!retryable) {
          throw networkError(e, spec.ctx, attempt);
        }
        await this.wait(backoffDelay(attempt - 1, this.opts.baseBackoffMs), spec);
        continue;
      }
      if (idempotent && isRetryableStatus(outcome.status) && attempt < maxAttempts) {
        const ra = outcome.retryAfterMs;
        if (ra !== undefined && ra > this.opts.maxRetryWaitMs) {
          return outcome; // too long to wait inside an editor: report it with the time
        }
        await this.wait(ra ?? backoffDelay(attempt - 1, this.opts.baseBackoffMs), spec);
        continue;
      }
      return outcome;
    }
  }

  private async wait(ms: number, spec: RequestSpec): Promise<void> {
    try {
      await sleep(ms, spec.signal);
    } catch {
      throw cancelledError(spec.ctx.host);
    }
  }

  private async followRedirects(spec: RequestSpec, attempt: number): Promise<RequestOutcome> {
    let url = spec.url;
    let method = spec.method;
    let body = spec.body;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { ...spec.headers };
      if (spec.authorization && url.origin === spec.authorization.origin) {
        headers['authorization'] = spec.authorization.value;
      }
      const res = await this.once({ ...spec, url, method, ...(body !== undefined ? { body } : {}), headers });
      const location = headerValue(res.headers, 'location');
      if ([301, 302, 303, 307, 308].includes(res.status) && location) {
        if (hop >= MAX_REDIRECTS) {
          throw invalidResponse(spec.ctx, `more than ${MAX_REDIRECTS} redirects`, 'TOO_MANY_REDIRECTS');
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw invalidResponse(spec.ctx, 'a redirect to an invalid location', 'BAD_REDIRECT');
        }
        if (next.protocol !== 'https:' && next.protocol !== 'http:') {
          throw invalidResponse(spec.ctx, `a redirect to an unsupported ${next.protocol} URL`, 'BAD_REDIRECT');
        }
        if (url.protocol === 'https:' && next.protocol === 'http:' && !isLoopbackHost(next.hostname.replace(/^\[|\]$/g, ''))) {
          throw invalidResponse(spec.ctx, 'a redirect from HTTPS to plain HTTP, which is refused', 'INSECURE_REDIRECT');
        }
        if (res.status === 303 && method !== 'HEAD') {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const ra = parseRetryAfter(headerValue(res.headers, 'retry-after'));
      return { ...res, finalUrl: url, attempts: attempt, ...(ra !== undefined ? { retryAfterMs: ra } : {}) };
    }
  }

  /** One request under the host's concurrency limit and the per-attempt timeout. */
  private async once(spec: RequestSpec & { headers: Record<string, string> }): Promise<HttpResult> {
    const caller = spec.signal;
    if (caller?.aborted) {
      throw cancelledError(spec.ctx.host);
    }
    let release: () => void;
    try {
      release = await this.limiter.acquire(spec.url.host, caller);
    } catch {
      throw cancelledError(spec.ctx.host);
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
    // Counted when the request reached a server: not for a refused connection or a
    // TLS probe of a plain-HTTP server.
    let counted = false;
    const count = (): void => {
      if (!counted) {
        counted = true;
        spec.onSend?.(spec.url);
      }
    };
    try {
      const res = await this.transport.send({
        method: spec.method,
        url: spec.url,
        headers: spec.headers,
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        signal,
        skipTlsVerify: spec.skipTlsVerify === true,
        maxBodyBytes: spec.maxBodyBytes,
      });
      count();
      return res;
    } catch (e) {
      if (!(e instanceof NetworkFailure) || e.failure === 'reset' || e.failure === 'truncated' || e.failure === 'too-large' || e.failure === 'aborted') {
        count();
      }
      if (caller?.aborted) {
        throw cancelledError(spec.ctx.host);
      }
      if (timeout.aborted) {
        throw timeoutError(spec.ctx);
      }
      if (e instanceof NetworkFailure || e instanceof RegistryError) {
        throw e;
      }
      throw new NetworkFailure('unreachable', 'UNKNOWN', 'request failed');
    } finally {
      release();
    }
  }
}
