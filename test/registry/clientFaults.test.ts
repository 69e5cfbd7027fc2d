/**
 * Every fault of the harness proxy in front of a real registry → the right error
 * kind and an actionable message, and never a wrong digest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RegistryError, ResolvedManifest } from '../../server/src/registry';
import { startFaultProxy } from './harness/faultProxy';
import type { Fault, FaultProxy } from './harness/faultProxy';
import { pushImage } from './harness/push';
import type { PushedImage } from './harness/push';
import { startRegistry } from './harness/registry';
import type { RunningRegistry } from './harness/registry';
import { cleanupClients, newClient } from './clientTestUtil';

describe('registry client: faults', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  let single: PushedImage;
  let index: PushedImage;
  before(async () => {
    reg = await startRegistry({});
    proxy = await startFaultProxy(reg);
    single = await pushImage(reg, { repo: 'app', tag: '1.0', format: 'docker' });
    index = await pushImage(reg, {
      repo: 'multi',
      tag: '1.0',
      format: 'oci',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  });
  after(async () => {
    await cleanupClients();
    await proxy?.stop();
    await reg?.stop();
  });

  const app = (): { domain: string; path: string; reference: string } => ({ domain: proxy.host, path: 'app', reference: '1.0' });

  /** Resolve under a fault; the lookup must fail (returning nothing), with this kind. */
  async function expectFailure(fault: Fault, kind: RegistryError['kind'], opts: Parameters<typeof newClient>[0] = {}, loc = app()): Promise<RegistryError> {
    proxy.setFault(fault);
    try {
      const client = newClient({ timeoutMs: 1000, ...opts });
      let result: ResolvedManifest | undefined;
      let error: RegistryError | undefined;
      try {
        result = await client.resolve(loc);
      } catch (e) {
        error = e as RegistryError;
      }
      assert.equal(result, undefined, `no digest may come out of fault ${fault.kind}: got ${result?.digest}`);
      assert.ok(error, 'an error');
      assert.equal(error.name, 'RegistryError');
      assert.equal(error.kind, kind, error.message);
      assert.equal(error.host, proxy.host);
      assert.ok(error.message.includes(proxy.host), error.message);
      assert.ok(!/undefined|null|\[object/.test(error.message), error.message);
      return error;
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  }

  test('delay beyond the timeout → timeout', async () => {
    const e = await expectFailure({ kind: 'delay', ms: 3000 }, 'timeout', { timeoutMs: 300 });
    assert.match(e.message, /did not answer within 1 s.*raise the registry timeout setting/);
  });

  test('delay within the timeout → success', async () => {
    proxy.setFault({ kind: 'delay', ms: 100 });
    try {
      assert.equal((await newClient({ timeoutMs: 2000 }).resolve(app())).digest, single.digest);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('connection reset → retried, then unreachable', async () => {
    const before = proxy.stats.manifestRequests;
    const e = await expectFailure({ kind: 'reset' }, 'unreachable', { retries: 2 });
    assert.equal(proxy.stats.manifestRequests - before, 3, 'first attempt + 2 retries');
    assert.match(e.message, /closed before it answered after 3 attempts/);
  });

  test('502 once → retried, then success', async () => {
    proxy.setFault({ kind: 'status', status: 502, times: 1 });
    try {
      const c = newClient();
      assert.equal((await c.resolve(app())).digest, single.digest);
      assert.equal(c.stats.manifestRequests, 2);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('429 with Retry-After is waited for and retried, then succeeds', async () => {
    proxy.setFault({ kind: 'status', status: 429, retryAfter: '1', times: 1 });
    try {
      const c = newClient();
      const t0 = Date.now();
      assert.equal((await c.resolve(app())).digest, single.digest);
      assert.ok(Date.now() - t0 >= 900, 'waited ~1 s');
      assert.equal(c.stats.manifestRequests, 2);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('429 with an HTTP-date Retry-After, then success', async () => {
    proxy.setFault({ kind: 'status', status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString(), times: 1 });
    try {
      assert.equal((await newClient().resolve(app())).digest, single.digest);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
  });

  test('429 with a long Retry-After → rate-limited, with when to retry', async () => {
    const before = proxy.stats.manifestRequests;
    const e = await expectFailure({ kind: 'status', status: 429, retryAfter: '3600' }, 'rate-limited');
    assert.equal(e.retryAfterMs, 3_600_000);
    assert.match(e.message, /limiting requests \(HTTP 429\).*Try again in 60 min/);
    assert.equal(proxy.stats.manifestRequests - before, 1, 'not retried when the wait is too long');
  });

  test('429 without Retry-After, persistent → rate-limited after retries', async () => {
    const e = await expectFailure({ kind: 'status', status: 429 }, 'rate-limited');
    assert.equal(e.retryAfterMs, undefined);
    assert.match(e.message, /Try again in a few minutes/);
  });

  test('503 once with Retry-After 0 → retried; persistent 503/500 → unreachable', async () => {
    proxy.setFault({ kind: 'status', status: 503, retryAfter: '0', times: 1 });
    try {
      assert.equal((await newClient().resolve(app())).digest, single.digest);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
    const e503 = await expectFailure({ kind: 'status', status: 503 }, 'unreachable');
    assert.equal(e503.status, 503);
    assert.match(e503.message, /answered HTTP 503 3 times.*failing or unavailable/);
    const e500 = await expectFailure({ kind: 'status', status: 500 }, 'unreachable');
    assert.equal(e500.status, 500);
  });

  test('401 without a challenge → auth-required with how to log in', async () => {
    const e = await expectFailure({ kind: 'status', status: 401 }, 'auth-required');
    assert.match(e.message, new RegExp(`docker login ${proxy.host.replace(/\./g, '\\.')}`));
  });

  test('403 → forbidden', async () => {
    const e = await expectFailure({ kind: 'status', status: 403 }, 'forbidden');
    assert.match(e.message, /denied access.*anonymous users.*docker login/);
  });

  test('404 from the manifest endpoint, repository exists → unknown-tag', async () => {
    await expectFailure({ kind: 'status', status: 404 }, 'unknown-tag');
  });

  test('truncated body (GET) → invalid-response, retried, never a digest', async () => {
    const e = await expectFailure({ kind: 'truncate' }, 'invalid-response', { lookupMethod: 'get' });
    assert.match(e.message, /cut off.*no digest was taken/);
    await expectFailure({ kind: 'truncate' }, 'invalid-response', { lookupMethod: 'get', retries: 0 });
  });

  test('truncated headers (HEAD) → unreachable, never a digest', async () => {
    await expectFailure({ kind: 'truncate' }, 'unreachable', { lookupMethod: 'head' });
  });

  test('truncated index body while reading platforms → invalid-response', async () => {
    await expectFailure({ kind: 'truncate' }, 'invalid-response', { lookupMethod: 'get' }, { domain: proxy.host, path: 'multi', reference: '1.0' });
  });

  test('wrong Docker-Content-Digest with GET → invalid-response (digest mismatch)', async () => {
    const e = await expectFailure({ kind: 'wrongDigestHeader' }, 'invalid-response', { lookupMethod: 'get' });
    assert.equal(e.code, 'DIGEST_MISMATCH');
    assert.match(e.message, /digest mismatch/);
    assert.ok(!e.message.includes(single.digest) || e.message.includes('hashes to'), e.message);
  });

  test('wrong Docker-Content-Digest with HEAD: verify and platform reads catch it; an unverified HEAD result says so', async () => {
    // resolve(…, { verify: true }) before writing a digest: one GET, checked.
    proxy.setFault({ kind: 'wrongDigestHeader' });
    try {
      const client = newClient({ lookupMethod: 'head' });
      await assert.rejects(client.resolve(app(), { verify: true }), (e: RegistryError) => e.kind === 'invalid-response' && e.code === 'DIGEST_MISMATCH');
      // Platforms of an index are read by the stated digest, which the registry does not have.
      await assert.rejects(
        client.resolve({ domain: proxy.host, path: 'multi', reference: '1.0' }, { withPlatforms: true }),
        (e: RegistryError) => e.kind === 'invalid-response' && e.code === 'DIGEST_MISMATCH',
      );
      // A bare HEAD cannot check a header; its result is flagged unverified.
      const r = await client.resolve(app());
      assert.equal(r.verified, false);
    } finally {
      proxy.setFault({ kind: 'none' });
    }
    // Without the fault everything agrees.
    const ok = await newClient({ lookupMethod: 'head' }).resolve({ domain: proxy.host, path: 'multi', reference: '1.0' }, { withPlatforms: true });
    assert.equal(ok.digest, index.digest);
    assert.equal(ok.verified, true);
  });

  test('registry down → unreachable', async () => {
    const client = newClient({ retries: 0 });
    await assert.rejects(client.resolve({ domain: '127.0.0.1:9', path: 'x', reference: '1' }), (e: RegistryError) => {
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /Cannot connect to 127\.0\.0\.1:9 \(ECONNREFUSED\).*registry is running/);
      return true;
    });
  });
});
