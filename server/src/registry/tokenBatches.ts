/**
 * One token request for many repositories: the lookups of a run start together
 * (pin, check, the Images view), so the scopes they ask one token service for
 * (same realm, service and identity) within one turn of the event loop are
 * gathered and sent as several `scope` parameters of a single request, as the
 * distribution token spec allows; the token it returns covers them all.
 */
import type { CachedToken } from './tokenCache';

/** Query budget for the scopes of one request: URLs stay well under the usual 8 KiB limit. */
const MAX_SCOPE_CHARS = 6_000;

interface Batch {
  scopes: Map<string, Array<{ resolve: (token: CachedToken) => void; reject: (error: unknown) => void }>>;
  fetch: (scopes: string[]) => Promise<CachedToken>;
}

export class TokenBatches {
  private readonly open = new Map<string, Batch>();

  /**
   * The token for `scope` from the batch of `group`; `fetch` (of the batch's first
   * caller) asks the token service for every scope of the batch at once.
   */
  request(group: string, scope: string, fetch: (scopes: string[]) => Promise<CachedToken>): Promise<CachedToken> {
    let batch = this.open.get(group);
    if (!batch) {
      const created: Batch = { scopes: new Map(), fetch };
      this.open.set(group, created);
      setImmediate(() => {
        this.open.delete(group);
        this.send(created);
      });
      batch = created;
    }
    const waiting = batch.scopes.get(scope) ?? [];
    batch.scopes.set(scope, waiting);
    return new Promise<CachedToken>((resolve, reject) => waiting.push({ resolve, reject }));
  }

  private send(batch: Batch): void {
    for (const scopes of chunks([...batch.scopes.keys()])) {
      batch.fetch(scopes).then(
        (token) => scopes.forEach((scope) => batch.scopes.get(scope)?.forEach((waiter) => waiter.resolve(token))),
        (error: unknown) => scopes.forEach((scope) => batch.scopes.get(scope)?.forEach((waiter) => waiter.reject(error))),
      );
    }
  }
}

function chunks(scopes: string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const scope of scopes) {
    const cost = encodeURIComponent(scope).length + '&scope='.length;
    if (current.length > 0 && chars + cost > MAX_SCOPE_CHARS) {
      result.push(current);
      current = [];
      chars = 0;
    }
    current.push(scope);
    chars += cost;
  }
  if (current.length > 0) {
    result.push(current);
  }
  return result;
}
