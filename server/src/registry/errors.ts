/**
 * Typed registry failures. Every failure the client reports is a `RegistryError`
 * with a `kind` a program can switch on and a `message` a person can act on.
 *
 * Messages are assembled from controlled pieces only (host, repository, reference,
 * status codes, registry error codes); they never contain credentials or tokens.
 * As a second line of defence every message passes through `redact()` with the
 * secrets the client currently knows (see `SecretSet`).
 */

export type RegistryErrorKind =
  | 'unknown-tag'
  | 'unknown-repository'
  | 'auth-required'
  | 'forbidden'
  | 'rate-limited'
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'invalid-response'
  | 'cancelled';

export interface RegistryErrorInit {
  kind: RegistryErrorKind;
  host: string;
  message: string;
  /** HTTP status that caused the failure, when there was one. */
  status?: number;
  /** For rate limits: how long to wait before retrying, in ms. */
  retryAfterMs?: number;
  /** A short machine code of the underlying failure (e.g. `ECONNREFUSED`, `MANIFEST_UNKNOWN`). Never a secret. */
  code?: string;
}

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly host: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly code?: string;

  constructor(init: RegistryErrorInit) {
    super(init.message);
    this.name = 'RegistryError';
    this.kind = init.kind;
    this.host = init.host;
    if (init.status !== undefined) {
      this.status = init.status;
    }
    if (init.retryAfterMs !== undefined) {
      this.retryAfterMs = init.retryAfterMs;
    }
    if (init.code !== undefined) {
      this.code = init.code;
    }
  }

  /** Plain-data form (for LSP/CLI JSON output). */
  toJSON(): { kind: RegistryErrorKind; host: string; message: string; status?: number; retryAfterMs?: number; code?: string } {
    return {
      kind: this.kind,
      host: this.host,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.code !== undefined ? { code: this.code } : {}),
    };
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** Secrets currently in use (passwords, identity tokens, bearer tokens, base64 auth strings). */
export class SecretSet {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    // Very short strings would redact ordinary words; real secrets are longer.
    if (secret && secret.length >= 4) {
      this.secrets.add(secret);
    }
  }

  has(secret: string): boolean {
    return this.secrets.has(secret);
  }

  values(): string[] {
    return [...this.secrets];
  }
}

/** Replace every occurrence of every secret (and its base64 form) with `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (!s) {
      continue;
    }
    const forms = new Set([s, Buffer.from(s, 'utf8').toString('base64'), encodeURIComponent(s)]);
    for (const f of forms) {
      if (f.length >= 4) {
        out = out.split(f).join('***');
      }
    }
  }
  return out;
}

/** Return a copy of `err` whose message has every known secret removed. */
export function redactError(err: RegistryError, secrets: Iterable<string>): RegistryError {
  const message = redact(err.message, secrets);
  if (message === err.message) {
    return err;
  }
  return new RegistryError({
    kind: err.kind,
    host: err.host,
    message,
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    ...(err.code !== undefined ? { code: err.code } : {}),
  });
}

/** Human form of a wait, e.g. `45 s`, `3 min`, `2 h`. */
export function formatDelay(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) {
    return `${s} s`;
  }
  const m = Math.ceil(s / 60);
  if (m < 120) {
    return `${m} min`;
  }
  return `${Math.ceil(m / 60)} h`;
}
