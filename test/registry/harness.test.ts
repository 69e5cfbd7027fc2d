/**
 * Self-test of the registry harness against real Debian docker-registry and
 * skopeo: every registry flavour accepts every image shape with the digests the
 * harness computed, and every fault of the fault proxy does what it says.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startFaultProxy } from './harness/faultProxy';
import type { Fault, FaultProxy } from './harness/faultProxy';
import { httpRequest } from './harness/httpRequest';
import { MANIFEST_ACCEPT } from './harness/mediaTypes';
import { pushImage } from './harness/push';
import type { PushImageOptions } from './harness/push';
import { startRegistry } from './harness/registry';
import type { RunningRegistry, StartRegistryOptions } from './harness/registry';
import { RegistrySession } from './harness/registrySession';
import { skopeoDigest } from './harness/skopeo';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const ARMV7 = { os: 'linux', architecture: 'arm', variant: 'v7' };

const IMAGE_SHAPES: Array<{ name: string; opts: Omit<PushImageOptions, 'repo'>; children: number }> = [
  { name: 'docker single manifest', opts: { tag: 'docker-single', format: 'docker' }, children: 0 },
  { name: 'oci single manifest', opts: { tag: 'oci-single', format: 'oci' }, children: 0 },
  { name: 'oci index', opts: { tag: 'oci-index', format: 'oci', platforms: [AMD64, ARM64] }, children: 2 },
  { name: 'docker manifest list', opts: { tag: 'docker-list', format: 'docker', platforms: [AMD64, ARMV7] }, children: 2 },
  { name: 'one-platform oci index (list: true)', opts: { tag: 'oci-list-one', format: 'oci', list: true }, children: 1 },
];

const FLAVOURS: Array<{ name: string; opts: StartRegistryOptions }> = [
  { name: 'plain http, no auth', opts: {} },
  { name: 'tls + basic auth', opts: { tls: true, auth: 'basic' } },
  { name: 'token auth', opts: { auth: 'token' } },
  { name: 'tls + token auth', opts: { tls: true, auth: 'token' } },
];

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function headManifest(session: RegistrySession, repo: string, reference: string) {
  return session.request('HEAD', `/v2/${repo}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
}

for (const flavour of FLAVOURS) {
  describe(`registry: ${flavour.name}`, () => {
    let reg: RunningRegistry;
    let session: RegistrySession;
    before(async () => {
      reg = await startRegistry(flavour.opts);
      session = new RegistrySession(reg, reg.users[0] ?? null);
    });
    after(() => reg.stop());

    it('reports how to reach it', () => {
      assert.match(reg.host, /^127\.0\.0\.1:\d+$/);
      assert.equal(reg.scheme, flavour.opts.tls === true ? 'https' : 'http');
      assert.equal(reg.caFile !== null, flavour.opts.tls === true);
      assert.equal(reg.users.length, (flavour.opts.auth ?? 'none') === 'none' ? 0 : 1);
      assert.equal(reg.tokenRealm !== null, flavour.opts.auth === 'token');
    });

    for (const shape of IMAGE_SHAPES) {
      it(`stores a ${shape.name} under the digest pushImage computed`, async () => {
        const pushed = await pushImage(reg, { repo: 'team/app', ...shape.opts });
        assert.equal(pushed.children.length, shape.children);
        assert.equal(await skopeoDigest(reg, 'team/app', shape.opts.tag, reg.users[0]), pushed.digest);
        const head = await headManifest(session, 'team/app', shape.opts.tag);
        assert.equal(head.status, 200);
        assert.equal(head.headers['docker-content-digest'], pushed.digest);
        assert.equal(head.headers['content-type'], pushed.mediaType);
        for (const child of pushed.children) {
          const got = await headManifest(session, 'team/app', child.digest);
          assert.equal(got.headers['docker-content-digest'], child.digest);
        }
      });
    }

    it('moves a tag when the seed changes', async () => {
      const first = await pushImage(reg, { repo: 'team/moving', tag: 'latest', format: 'oci', seed: 'one' });
      const second = await pushImage(reg, { repo: 'team/moving', tag: 'latest', format: 'oci', seed: 'two' });
      assert.notEqual(first.digest, second.digest);
      assert.equal(await skopeoDigest(reg, 'team/moving', 'latest', reg.users[0]), second.digest);
    });

    if (flavour.opts.auth !== undefined && flavour.opts.auth !== 'none') {
      it('refuses wrong credentials', async () => {
        const stranger = new RegistrySession(reg, { username: reg.users[0].username, password: 'wrong' });
        if (flavour.opts.auth === 'basic') {
          assert.equal((await headManifest(stranger, 'team/app', 'docker-single')).status, 401);
        } else {
          // The token server refuses to issue a token, so the session gives up.
          await assert.rejects(headManifest(stranger, 'team/app', 'docker-single'), /HTTP 401/);
        }
        await assert.rejects(skopeoDigest(reg, 'team/app', 'docker-single', { username: 'tester', password: 'wrong' }));
      });
    }
  });
}

describe('token server', () => {
  let reg: RunningRegistry;
  before(async () => {
    reg = await startRegistry({ auth: 'token' });
  });
  after(() => reg.stop());

  it('lets anonymous clients pull public/ repositories only, and counts requests', async () => {
    await pushImage(reg, { repo: 'public/tool', tag: 'v1', format: 'docker' });
    await pushImage(reg, { repo: 'private/tool', tag: 'v1', format: 'docker' });
    const tokensBefore = reg.stats.tokenRequests;
    const anonymous = new RegistrySession(reg, null);
    assert.equal((await headManifest(anonymous, 'public/tool', 'v1')).status, 200);
    assert.equal((await headManifest(anonymous, 'private/tool', 'v1')).status, 401);
    assert.equal(reg.stats.tokenRequests, tokensBefore + 2);
  });

  it('rejects bad credentials and unknown services', async () => {
    const basic = `Basic ${Buffer.from('tester:wrong').toString('base64')}`;
    const wrongUser = await httpRequest(`${reg.tokenRealm}?service=${reg.tokenService}`, { method: 'GET', headers: { authorization: basic } });
    assert.equal(wrongUser.status, 401);
    const wrongService = await httpRequest(`${reg.tokenRealm}?service=elsewhere`, { method: 'GET' });
    assert.equal(wrongService.status, 400);
  });

  it('answers {token, access_token, expires_in, issued_at} with the granted access', async () => {
    const { username, password } = reg.users[0];
    const url = `${reg.tokenRealm}?service=${reg.tokenService}&scope=repository:team/x:pull,push`;
    const res = await httpRequest(url, {
      method: 'GET',
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    });
    const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
    assert.equal(body.token, body.access_token);
    assert.equal(body.expires_in, 300);
    assert.equal(typeof body.issued_at, 'string');
    const [header, claims] = String(body.token).split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    assert.equal(header.alg, 'RS256');
    assert.ok(Array.isArray(header.x5c));
    assert.equal(claims.aud, reg.tokenService);
    assert.deepEqual(claims.access, [{ type: 'repository', name: 'team/x', actions: ['pull', 'push'] }]);
  });
});

describe('fault proxy', () => {
  let reg: RunningRegistry;
  let digest: string;
  let proxy: FaultProxy | null = null;
  const manifestUrl = () => `http://${proxy?.host}/v2/team/app/manifests/v1`;
  const head = () => httpRequest(manifestUrl(), { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT } });
  const get = () => httpRequest(manifestUrl(), { method: 'GET', headers: { accept: MANIFEST_ACCEPT } });

  before(async () => {
    reg = await startRegistry();
    digest = (await pushImage(reg, { repo: 'team/app', tag: 'v1', format: 'oci', platforms: [AMD64, ARM64] })).digest;
  });
  after(async () => {
    await proxy?.stop();
    await reg.stop();
  });
  const useProxy = async (initial?: Fault) => {
    await proxy?.stop();
    proxy = await startFaultProxy(reg, initial);
    return proxy;
  };

  it('none: passes everything through and counts one request per manifest request', async () => {
    const p = await useProxy();
    assert.equal((await head()).headers['docker-content-digest'], digest);
    assert.equal(sha256((await get()).body), digest);
    assert.equal(await skopeoDigest(p, 'team/app', 'v1'), digest);
    assert.equal(p.stats.manifestRequests, 3);
    assert.deepEqual(p.stats.byMethodPath.slice(0, 2), ['HEAD /v2/team/app/manifests/v1', 'GET /v2/team/app/manifests/v1']);
    assert.ok(p.stats.requests >= 4, 'skopeo also pings /v2/');
  });

  it('delay: answers correctly, but late', async () => {
    await useProxy({ kind: 'delay', ms: 300 });
    const started = Date.now();
    const res = await head();
    assert.ok(Date.now() - started >= 290);
    assert.equal(res.headers['docker-content-digest'], digest);
  });

  it('reset: the connection is reset, other endpoints still work', async () => {
    await useProxy({ kind: 'reset' });
    await assert.rejects(head(), { code: 'ECONNRESET' });
    assert.equal((await httpRequest(`http://${proxy?.host}/v2/`, { method: 'GET' })).status, 200);
  });

  it('status: answers the status with Retry-After `times` times, then passes through', async () => {
    const p = await useProxy({ kind: 'status', status: 429, retryAfter: '2', times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await get();
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '2');
      assert.match(res.body.toString('utf8'), /TOOMANYREQUESTS/);
    }
    assert.equal((await head()).status, 200);
    p.setFault({ kind: 'status', status: 503 });
    assert.equal((await head()).status, 503);
    assert.equal((await head()).status, 503, 'without times the fault stays');
  });

  it('truncate: GET and HEAD answers end early', async () => {
    await useProxy({ kind: 'truncate' });
    await assert.rejects(get());
    await assert.rejects(head());
  });

  it('wrongDigestHeader: the header lies, the body is intact', async () => {
    await useProxy({ kind: 'wrongDigestHeader' });
    const res = await get();
    assert.equal(res.status, 200);
    assert.match(String(res.headers['docker-content-digest']), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(res.headers['docker-content-digest'], digest);
    assert.equal(sha256(res.body), digest);
  });

  it('setFault(none) restores pass-through', async () => {
    const p = await useProxy({ kind: 'reset' });
    p.setFault({ kind: 'none' });
    assert.equal((await head()).headers['docker-content-digest'], digest);
  });
});

describe('fault proxy in front of tls + token auth', () => {
  it('forwards auth and uploads (Locations point back through the proxy)', async () => {
    const reg = await startRegistry({ tls: true, auth: 'token' });
    const proxy = await startFaultProxy(reg);
    try {
      // Plain http to the proxy; caFile stays because the token realm is still https.
      const viaProxy: RunningRegistry = { ...reg, host: proxy.host, scheme: 'http' };
      const pushed = await pushImage(viaProxy, { repo: 'team/proxied', tag: 'v1', format: 'docker' });
      assert.ok(proxy.stats.byMethodPath.includes('POST /v2/team/proxied/blobs/uploads/'));
      assert.equal(await skopeoDigest(reg, 'team/proxied', 'v1', reg.users[0]), pushed.digest);
      assert.ok(readFileSync(reg.logFile, 'utf8').length > 0);
    } finally {
      await proxy.stop();
      await reg.stop();
    }
  });
});
