/**
 * Retry decisions: which failures are worth another try, how long to wait
 * (`Retry-After` in seconds or as an HTTP date, else exponential backoff with jitter).
 * Only idempotent requests (HEAD/GET) are ever retried.
 */

/**
 * Parse a `Retry-After` value into milliseconds from `now`.
 * Accepts delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
 * Returns undefined when absent or unparsable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, now: number = Date.now()): number | undefined {
  if (value == null) {
    return undefined;
  }
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) {
    return undefined;
  }
  if (/^\d+$/.test(v)) {
    const secs = Number(v);
    return Number.isFinite(secs) ? secs * 1000 : undefined;
  }
  // Only accept things that look like HTTP dates (a weekday/month name), not arbitrary strings.
  if (!/[A-Za-z]{3}/.test(v)) {
    return undefined;
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) {
    return undefined;
  }
  return Math.max(0, t - now);
}

/** Statuses retried for idempotent requests. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Network error codes that mean "the connection broke", worth a retry. */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Exponential backoff with full jitter: attempt 0 → up to base, 1 → up to 2·base, ... capped. */
export function backoffDelay(attempt: number, baseMs = 200, capMs = 5000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Sleep that ends early (rejecting with the signal's reason) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
