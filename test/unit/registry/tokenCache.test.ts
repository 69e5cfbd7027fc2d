import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenCache, parseTokenResponse, tokenKey } from '../../../server/src/registry/tokenCache';

test('token response: token or access_token, expires_in default 60 s', () => {
  const now = 1_000_000;
  assert.deepEqual(parseTokenResponse({ token: 't', expires_in: 300 }, now), { token: 't', expiresAt: now + 300_000 });
  assert.deepEqual(parseTokenResponse({ access_token: 'a' }, now), { token: 'a', expiresAt: now + 60_000 });
  assert.deepEqual(parseTokenResponse({ token: '', access_token: 'a', expires_in: -5 }, now), { token: 'a', expiresAt: now + 60_000 });
  assert.equal(parseTokenResponse({}, now), null);
  assert.equal(parseTokenResponse(null, now), null);
  assert.equal(parseTokenResponse('x', now), null);
  const issued = new Date(now - 10_000).toISOString();
  assert.deepEqual(parseTokenResponse({ token: 't', expires_in: 60, issued_at: issued }, now), { token: 't', expiresAt: now + 50_000 });
});

test('cache per key until expiry; concurrent fetches merged', async () => {
  let now = 0;
  const cache = new TokenCache(() => now);
  const k1 = tokenKey('https://auth/token', 'svc', 'repository:a:pull', 'anonymous');
  const k2 = tokenKey('https://auth/token', 'svc', 'repository:b:pull', 'anonymous');
  let fetches = 0;
  const fetch = async (): Promise<{ token: string; expiresAt: number }> => {
    fetches++;
    await new Promise((r) => setTimeout(r, 5));
    return { token: `tok${fetches}`, expiresAt: now + 60_000 };
  };
  const [a, b, c] = await Promise.all([cache.getOrFetch(k1, fetch), cache.getOrFetch(k1, fetch), cache.getOrFetch(k1, fetch)]);
  assert.deepEqual([a, b, c], ['tok1', 'tok1', 'tok1']);
  assert.equal(fetches, 1);
  assert.equal(await cache.getOrFetch(k2, fetch), 'tok2');
  assert.equal(await cache.getOrFetch(k1, fetch), 'tok1');
  now = 56_000; // inside the 5 s safety margin
  assert.equal(cache.get(k1), undefined);
  assert.equal(await cache.getOrFetch(k1, fetch), 'tok3');
  cache.invalidate(k1);
  assert.equal(cache.get(k1), undefined);
});

test('a failed fetch is not cached', async () => {
  const cache = new TokenCache();
  await assert.rejects(cache.getOrFetch('k', async () => Promise.reject(new Error('no'))));
  assert.equal(await cache.getOrFetch('k', async () => ({ token: 'ok', expiresAt: Date.now() + 60_000 })), 'ok');
});
