/**
 * RegistryClient against a real registry (Debian docker-registry 2.8 on 127.0.0.1,
 * plain HTTP, no auth): formats, indexes, moving tags, 404s, cache, merging,
 * concurrency, cancellation, and a skopeo cross-check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RegistryError } from '../../server/src/registry';
import { MediaType } from '../../server/src/registry';
import { startFaultProxy } from './harness/faultProxy';
import type { FaultProxy } from './harness/faultProxy';
import { pushImage } from './harness/push';
import { startRegistry } from './harness/registry';
import type { RunningRegistry } from './harness/registry';
import { skopeoDigest } from './harness/skopeo';
import { cleanupClients, newClient } from './clientTestUtil';

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];

describe('registry client: plain HTTP registry', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  before(async () => {
    reg = await startRegistry({});
    proxy = await startFaultProxy(reg);
  });
  after(async () => {
    await cleanupClients();
    await proxy?.stop();
    await reg?.stop();
  });

  for (const format of ['docker', 'oci'] as const) {
    test(`${format} single-platform manifest: digest equals the pushed one (GET and HEAD)`, async () => {
      const img = await pushImage(reg, { repo: `single-${format}`, tag: '1.0', format });
      for (const lookupMethod of ['get', 'head'] as const) {
        const client = newClient({ lookupMethod });
        const r = await client.resolve({ domain: reg.host, path: `single-${format}`, reference: '1.0' });
        assert.equal(r.digest, img.digest);
        assert.equal(r.mediaType, format === 'docker' ? MediaType.dockerManifest : MediaType.ociManifest);
        assert.equal(r.isIndex, false);
        assert.equal(r.platforms, null);
        assert.equal(r.authenticated, false);
        assert.equal(r.verified, lookupMethod === 'get');
        assert.equal(client.stats.manifestRequests, 1);
        assert.ok(Math.abs(r.resolvedAt - Date.now()) < 10_000);
      }
    });
  }

  for (const format of ['oci', 'docker'] as const) {
    test(`${format === 'oci' ? 'OCI index' : 'Docker manifest list'}: the INDEX digest, platforms on request`, async () => {
      const repo = `multi-${format}`;
      const img = await pushImage(reg, { repo, tag: 'v1', format, platforms: PLATFORMS });
      assert.equal(img.children.length, 3);
      const expectedPlatforms = img.children.map((c) => ({ ...c.platform, digest: c.digest }));
      for (const lookupMethod of ['get', 'head'] as const) {
        const client = newClient({ lookupMethod });
        const plain = await client.resolve({ domain: reg.host, path: repo, reference: 'v1' });
        assert.equal(plain.digest, img.digest, 'index digest, not a child');
        assert.ok(!img.children.some((c) => c.digest === plain.digest));
        assert.equal(plain.isIndex, true);
        assert.equal(plain.mediaType, format === 'oci' ? MediaType.ociIndex : MediaType.dockerList);
        assert.equal(plain.platforms, lookupMethod === 'get' ? plain.platforms : null);

        const withP = await client.resolve({ domain: reg.host, path: repo, reference: 'v1' }, { withPlatforms: true });
        assert.equal(withP.digest, img.digest);
        assert.deepEqual(withP.platforms, expectedPlatforms);
        assert.equal(withP.verified, true);
        // A later plain lookup is served by the cache, platforms included.
        const before = client.stats.manifestRequests;
        assert.deepEqual((await client.resolve({ domain: reg.host, path: repo, reference: 'v1' })).platforms, expectedPlatforms);
        assert.equal(client.stats.manifestRequests, before);
      }
    });
  }

  test('a digest reference resolves to itself (a child of an index too)', async () => {
    const img = await pushImage(reg, { repo: 'bydigest', tag: 'x', format: 'oci', platforms: PLATFORMS.slice(0, 2) });
    const child = img.children[1]!.digest;
    for (const lookupMethod of ['get', 'head'] as const) {
      const client = newClient({ lookupMethod });
      const r = await client.resolve({ domain: reg.host, path: 'bydigest', reference: child });
      assert.equal(r.digest, child);
      assert.equal(r.isIndex, false);
      const i = await client.resolve({ domain: reg.host, path: 'bydigest', reference: img.digest });
      assert.equal(i.digest, img.digest);
      assert.equal(i.isIndex, true);
    }
  });

  test('a tag that moves: TTL 0 sees the new digest; a cache keeps the old until clearCache()', async () => {
    const loc = { domain: reg.host, path: 'moving', reference: 'latest' };
    const first = await pushImage(reg, { repo: 'moving', tag: 'latest', format: 'docker', seed: 'one' });
    const cached = newClient({ cacheTtlMs: 60_000 });
    const uncached = newClient({ cacheTtlMs: 0 });
    assert.equal((await cached.resolve(loc)).digest, first.digest);
    assert.equal((await uncached.resolve(loc)).digest, first.digest);
    assert.equal(uncached.peekCache(loc), undefined);

    const second = await pushImage(reg, { repo: 'moving', tag: 'latest', format: 'docker', seed: 'two' });
    assert.notEqual(second.digest, first.digest);
    assert.equal((await uncached.resolve(loc)).digest, second.digest);
    assert.equal((await cached.resolve(loc)).digest, first.digest, 'cached');
    assert.equal(cached.stats.cacheHits, 1);
    assert.equal(cached.stats.manifestRequests, 1);
    cached.clearCache();
    assert.equal(cached.peekCache(loc), undefined);
    assert.equal((await cached.resolve(loc)).digest, second.digest);
    assert.equal(cached.stats.manifestRequests, 2);
  });

  test('peekCache never touches the network; a short TTL expires', async () => {
    await pushImage(reg, { repo: 'peek', tag: '1', format: 'oci' });
    const client = newClient({ cacheTtlMs: 150 });
    const loc = { domain: reg.host, path: 'peek', reference: '1' };
    assert.equal(client.peekCache(loc), undefined);
    assert.equal(client.stats.manifestRequests, 0);
    const r = await client.resolve(loc);
    assert.deepEqual(client.peekCache(loc), r);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(client.peekCache(loc), undefined);
    assert.equal(client.stats.manifestRequests, 1);
  });

  test('unknown tag vs unknown repository vs unknown digest', async () => {
    await pushImage(reg, { repo: 'known', tag: 'stable', format: 'docker' });
    for (const lookupMethod of ['get', 'head'] as const) {
      const client = newClient({ lookupMethod });
      await assert.rejects(client.resolve({ domain: reg.host, path: 'known', reference: 'nope' }), (e: RegistryError) => {
        assert.equal(e.kind, 'unknown-tag');
        assert.equal(e.host, reg.host);
        assert.match(e.message, /tag "nope" does not exist in 127\.0\.0\.1:\d+\/known\. Existing tags include: stable\./);
        return true;
      });
      await assert.rejects(client.resolve({ domain: reg.host, path: 'never/pushed', reference: 'latest' }), (e: RegistryError) => {
        assert.equal(e.kind, 'unknown-repository');
        assert.match(e.message, /repository 127\.0\.0\.1:\d+\/never\/pushed does not exist/);
        return true;
      });
      await assert.rejects(client.resolve({ domain: reg.host, path: 'known', reference: `sha256:${'0'.repeat(64)}` }), (e: RegistryError) => {
        assert.equal(e.kind, 'unknown-tag');
        assert.match(e.message, /No manifest with digest sha256:0{64}/);
        return true;
      });
      assert.equal(client.stats.tagListRequests, 3);
    }
  });

  test('N concurrent resolves of one reference → 1 manifest request', async () => {
    await pushImage(reg, { repo: 'merge', tag: '1', format: 'oci', platforms: PLATFORMS.slice(0, 2) });
    proxy.setFault({ kind: 'delay', ms: 200 });
    try {
      const client = newClient();
      const before = proxy.stats.manifestRequests;
      const results = await Promise.all(Array.from({ length: 10 }, () => client.resolve({ domain: proxy.host, path: 'merge', reference: '1' })));
      assert.equal(new Set(results.map((r) => r.digest)).size, 1);
      assert.equal(proxy.stats.manifestRequests - before, 1);
      assert.equal(client.stats.manifestRequests, 1);
      assert.equal(client.stats.mergedLookups, 9);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('concurrency limit per host', async () => {
    for (let i = 0; i < 6; i++) {
      await pushImage(reg, { repo: 'limit', tag: `t${i}`, format: 'docker', seed: String(i) });
    }
    proxy.setFault({ kind: 'delay', ms: 150 });
    try {
      const client = newClient({ maxConcurrencyPerHost: 2 });
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => client.resolve({ domain: proxy.host, path: 'limit', reference: `t${i}` })));
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 3 * 150 - 20, `6 requests, 2 at a time, 150 ms each: took ${elapsed} ms`);
      const wide = newClient({ maxConcurrencyPerHost: 6 });
      const t1 = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => wide.resolve({ domain: proxy.host, path: 'limit', reference: `t${i}` })));
      assert.ok(Date.now() - t1 < 3 * 150, 'without the limit they overlap');
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('a burst reuses connections: no more to the host than requests allowed in flight', async () => {
    const tags = Array.from({ length: 24 }, (_, i) => `t${i}`);
    for (const tag of tags) {
      await pushImage(reg, { repo: 'reuse', tag, format: 'oci', seed: tag });
    }
    const client = newClient({ maxConcurrencyPerHost: 3 });
    const before = proxy.stats.connections;
    await Promise.all(tags.map((reference) => client.resolve({ domain: proxy.host, path: 'reuse', reference })));
    assert.equal(client.stats.manifestRequests, tags.length);
    // One more: the HTTPS attempt a loopback host gets before plain HTTP.
    const opened = proxy.stats.connections - before;
    assert.ok(opened <= 3 + 1, `${tags.length} lookups, 3 at a time, opened ${opened} connections`);
  });

  test('cancellation: an aborted lookup rejects quickly as cancelled; merged callers are independent', async () => {
    await pushImage(reg, { repo: 'cancel', tag: '1', format: 'docker' });
    proxy.setFault({ kind: 'delay', ms: 1500 });
    try {
      const client = newClient();
      const ac = new AbortController();
      const t0 = Date.now();
      const p = client.resolve({ domain: proxy.host, path: 'cancel', reference: '1' }, { signal: ac.signal });
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(p, (e: RegistryError) => e.kind === 'cancelled' && /cancelled/.test(e.message));
      assert.ok(Date.now() - t0 < 1000);
      await assert.rejects(client.resolve({ domain: proxy.host, path: 'cancel', reference: '1' }, { signal: AbortSignal.abort() }), (e: RegistryError) => e.kind === 'cancelled');

      // Two callers share one request; the one that cancels does not cancel the other.
      const ac2 = new AbortController();
      const a = client.resolve({ domain: proxy.host, path: 'cancel', reference: '1' }, { signal: ac2.signal });
      const b = client.resolve({ domain: proxy.host, path: 'cancel', reference: '1' });
      setTimeout(() => ac2.abort(), 100);
      await assert.rejects(a, (e: RegistryError) => e.kind === 'cancelled');
      assert.match((await b).digest, /^sha256:/);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('skopeo agrees on the digest of a manifest list tag', async () => {
    const img = await pushImage(reg, { repo: 'skopeo', tag: 'multi', format: 'docker', platforms: PLATFORMS.slice(0, 2) });
    const client = newClient();
    const r = await client.resolve({ domain: reg.host, path: 'skopeo', reference: 'multi' });
    assert.equal(r.digest, await skopeoDigest(reg, 'skopeo', 'multi'));
    assert.equal(r.digest, img.digest);
  });
});
