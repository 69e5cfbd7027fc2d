/**
 * Bearer tokens per (realm, service, scope, identity), kept until they expire.
 * `identity` separates anonymous tokens from tokens obtained with credentials.
 * Concurrent fetches of the same key are merged into one token request.
 */

export interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not used any more. */
  expiresAt: number;
}

/** Default lifetime when the token server gives no `expires_in` (distribution's token spec: 60 s). */
export const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Tokens are dropped this long before they expire, so a request never carries an expiring one. */
const EXPIRY_MARGIN_MS = 5_000;

export function tokenKey(realm: string, service: string | undefined, scope: string, identity: string): string {
  return JSON.stringify([realm, service ?? '', scope, identity]);
}

/**
 * Parse a token-server answer: `token` or `access_token`, `expires_in` (seconds,
 * default 60), optional `issued_at`. Returns null when there is no token.
 */
export function parseTokenResponse(body: unknown, now: number = Date.now()): CachedToken | null {
  if (body === null || typeof body !== 'object') {
    return null;
  }
  const o = body as Record<string, unknown>;
  const token = typeof o['token'] === 'string' && o['token'] ? o['token'] : typeof o['access_token'] === 'string' && o['access_token'] ? o['access_token'] : null;
  if (!token) {
    return null;
  }
  const lifetime = typeof o['expires_in'] === 'number' && Number.isFinite(o['expires_in']) && o['expires_in'] > 0 ? o['expires_in'] : DEFAULT_TOKEN_LIFETIME_S;
  let issued = now;
  if (typeof o['issued_at'] === 'string') {
    const t = Date.parse(o['issued_at']);
    // Trust the server's clock only when it is close to ours.
    if (!Number.isNaN(t) && Math.abs(t - now) < 60_000) {
      issued = Math.min(t, now);
    }
  }
  return { token, expiresAt: issued + lifetime * 1000 };
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): string | undefined {
    const t = this.tokens.get(key);
    if (!t) {
      return undefined;
    }
    if (t.expiresAt - EXPIRY_MARGIN_MS <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return t.token;
  }

  set(key: string, token: CachedToken): void {
    this.tokens.set(key, token);
  }

  invalidate(key: string): void {
    this.tokens.delete(key);
  }

  /** Return a cached token or run `fetch` once for all concurrent callers. */
  async getOrFetch(key: string, fetch: () => Promise<CachedToken>): Promise<string> {
    const cached = this.get(key);
    if (cached !== undefined) {
      return cached;
    }
    let p = this.pending.get(key);
    if (!p) {
      p = fetch().then(
        (t) => {
          this.pending.delete(key);
          this.tokens.set(key, t);
          return t;
        },
        (e: unknown) => {
          this.pending.delete(key);
          throw e;
        },
      );
      this.pending.set(key, p);
    }
    return (await p).token;
  }

  /** Every token currently held (for redaction). */
  values(): string[] {
    return [...this.tokens.values()].map((t) => t.token);
  }

  clear(): void {
    this.tokens.clear();
  }
}
