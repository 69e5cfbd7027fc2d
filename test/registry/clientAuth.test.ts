/**
 * Authentication against real registries: TLS with a self-signed CA + htpasswd basic
 * auth (credentials from a temp DOCKER_CONFIG), and token auth (counting token
 * requests). Secrets never appear in errors.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RegistryError } from '../../server/src/registry';
import { pushImage } from './harness/push';
import type { PushedImage } from './harness/push';
import { startRegistry } from './harness/registry';
import type { RunningRegistry } from './harness/registry';
import { skopeoDigest } from './harness/skopeo';
import { cleanupClients, dockerConfigDir, emptyHome, newClient } from './clientTestUtil';

function assertNoSecret(e: RegistryError, secrets: string[]): void {
  const all = `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}`;
  for (const s of secrets) {
    assert.ok(!all.includes(s), 'secret leaked');
    assert.ok(!all.includes(Buffer.from(s).toString('base64')), 'secret leaked (base64)');
  }
}

describe('registry client: TLS (self-signed CA) + basic auth', () => {
  let reg: RunningRegistry;
  let img: PushedImage;
  before(async () => {
    reg = await startRegistry({ tls: true, auth: 'basic' });
    img = await pushImage(reg, { repo: 'team/app', tag: '2.0', format: 'oci' });
  });
  after(async () => {
    await cleanupClients();
    await reg?.stop();
  });
  const loc = (): { domain: string; path: string; reference: string } => ({ domain: reg.host, path: 'team/app', reference: '2.0' });

  test('without the CA → tls error suggesting the CA file setting', async () => {
    const client = newClient({ hints: { caFileSetting: 'kubeImageLens.registry.caFile' } });
    await assert.rejects(client.resolve(loc()), (e: RegistryError) => {
      assert.equal(e.kind, 'tls');
      assert.match(e.message, /not trusted.*kubeImageLens\.registry\.caFile \(or NODE_EXTRA_CA_CERTS\)/);
      return true;
    });
  });

  test('with the CA file and DOCKER_CONFIG credentials → digest, authenticated, signed-in host', async () => {
    const user = reg.users[0]!;
    const client = newClient({ caFile: reg.caFile!, env: { DOCKER_CONFIG: dockerConfigDir({ [`https://${reg.host}`]: user }) } });
    assert.deepEqual(client.signedInHosts(), []);
    const r = await client.resolve(loc());
    assert.equal(r.digest, img.digest);
    assert.equal(r.authenticated, true);
    assert.deepEqual(client.signedInHosts(), [reg.host]);
    assert.equal(r.digest, await skopeoDigest(reg, 'team/app', '2.0', user));
    // Second lookup: Basic is sent up front (no 401 round trip).
    client.clearCache();
    const r2 = await client.resolve(loc());
    assert.equal(r2.digest, img.digest);
  });

  test('with the CA but no credentials → auth-required with docker login <host>', async () => {
    const client = newClient({ caFile: reg.caFile! });
    await assert.rejects(client.resolve(loc()), (e: RegistryError) => {
      assert.equal(e.kind, 'auth-required');
      assert.ok(e.message.includes(`docker login ${reg.host}`), e.message);
      return true;
    });
    assert.deepEqual(client.signedInHosts(), []);
  });

  test('wrong password → auth-required naming the source, never the password', async () => {
    const bad = { username: reg.users[0]!.username, password: 'wrong-Password-123456' };
    const cfg = dockerConfigDir({ [reg.host]: bad });
    const client = newClient({ caFile: reg.caFile!, env: { DOCKER_CONFIG: cfg } });
    await assert.rejects(client.resolve(loc()), (e: RegistryError) => {
      assert.equal(e.kind, 'auth-required');
      assert.match(e.message, /rejected the credentials from .*config\.json.*Log in again/);
      assertNoSecret(e, [bad.password, reg.users[0]!.password]);
      return true;
    });
  });

  test('credentials from a credential helper, only when helpers are allowed', async () => {
    const user = reg.users[0]!;
    const bin = emptyHome();
    writeFileSync(
      path.join(bin, 'docker-credential-kiltest'),
      `#!/bin/sh\nread url\n[ "$url" = "${reg.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"ServerURL":"${reg.host}","Username":"${user.username}","Secret":"${user.password}"}'\n`,
    );
    chmodSync(path.join(bin, 'docker-credential-kiltest'), 0o755);
    const cfgDir = emptyHome();
    writeFileSync(path.join(cfgDir, 'config.json'), JSON.stringify({ auths: { [reg.host]: {} }, credHelpers: { [reg.host]: 'kiltest' } }));
    const env = { DOCKER_CONFIG: cfgDir, PATH: `${bin}:/usr/bin:/bin` };

    const allowed = newClient({ caFile: reg.caFile!, env, allowCredentialHelpers: true });
    const r = await allowed.resolve(loc());
    assert.equal(r.digest, img.digest);
    assert.equal(r.authenticated, true);

    const denied = newClient({ caFile: reg.caFile!, env, allowCredentialHelpers: false });
    await assert.rejects(denied.resolve(loc()), (e: RegistryError) => {
      assert.equal(e.kind, 'auth-required');
      assert.match(e.message, /docker-credential-kiltest, which is not run/);
      assertNoSecret(e, [user.password]);
      return true;
    });
  });

  test('NODE_EXTRA_CA_CERTS works without a CA file setting (child process)', async () => {
    const script = `
      const { RegistryClient } = require(${JSON.stringify(path.resolve('server/src/registry/index.ts'))});
      (async () => {
        const c = new RegistryClient({ env: { DOCKER_CONFIG: process.env.TEST_DOCKER_CONFIG }, homeDir: process.env.TEST_HOME });
        const r = await c.resolve({ domain: process.env.TEST_HOST, path: 'team/app', reference: '2.0' });
        console.log(r.digest);
        await c.close();
      })().catch((e) => { console.error(e.kind, e.message); process.exit(1); });`;
    const cfg = dockerConfigDir({ [reg.host]: reg.users[0]! });
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: reg.caFile!, TEST_DOCKER_CONFIG: cfg, TEST_HOME: emptyHome(), TEST_HOST: reg.host },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`exit ${code}: ${stderr}`))));
    });
    assert.equal(out, img.digest);
  });
});

describe('registry client: token auth', () => {
  let reg: RunningRegistry;
  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    await pushImage(reg, { repo: 'private/a', tag: '1', format: 'docker' });
    await pushImage(reg, { repo: 'private/b', tag: '1', format: 'oci' });
    await pushImage(reg, {
      repo: 'public/lib',
      tag: '1',
      format: 'docker',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  });
  after(async () => {
    await cleanupClients();
    await reg?.stop();
  });

  test('one token request per scope, cached across lookups (and the tag list)', async () => {
    const client = newClient({ cacheTtlMs: 0, env: { DOCKER_CONFIG: dockerConfigDir({ [reg.host]: reg.users[0]! }) } });
    const before = reg.stats.tokenRequests;
    const a = await client.resolve({ domain: reg.host, path: 'private/a', reference: '1' });
    assert.equal(a.authenticated, true);
    assert.equal(client.stats.tokenRequests, 1);
    await client.resolve({ domain: reg.host, path: 'private/a', reference: '1' });
    await client.resolve({ domain: reg.host, path: 'private/a', reference: '1' }, { verify: true });
    assert.equal(client.stats.tokenRequests, 1, 'token reused for the same scope');
    await client.resolve({ domain: reg.host, path: 'private/b', reference: '1' });
    assert.equal(client.stats.tokenRequests, 2, 'one more for a new scope');
    await assert.rejects(client.resolve({ domain: reg.host, path: 'private/b', reference: 'missing' }), (e: RegistryError) => e.kind === 'unknown-tag');
    await assert.rejects(client.resolve({ domain: reg.host, path: 'private/nope', reference: '1' }), (e: RegistryError) => e.kind === 'unknown-repository');
    assert.equal(client.stats.tokenRequests, 3);
    assert.equal(reg.stats.tokenRequests - before, 3, 'the token server agrees');
    // The host's challenge is learned once from `/v2/`: no manifest request meets a 401.
    assert.deepEqual(client.signedInHosts(), [reg.host]);
  });

  test('concurrent lookups of one new scope share one token request', async () => {
    const client = newClient({ cacheTtlMs: 0, env: { DOCKER_CONFIG: dockerConfigDir({ [reg.host]: reg.users[0]! }) } });
    await client.resolve({ domain: reg.host, path: 'private/a', reference: '1' }); // learns the challenge
    const before = client.stats.tokenRequests;
    await Promise.all([
      client.resolve({ domain: reg.host, path: 'private/b', reference: '1' }),
      client.resolve({ domain: reg.host, path: 'private/b', reference: '1' }, { verify: true }),
      client.resolve({ domain: reg.host, path: 'private/b', reference: '1' }, { withPlatforms: true }),
    ]);
    assert.equal(client.stats.tokenRequests - before, 1);
  });

  test('a cold burst over several private repositories: every lookup authenticated, one token request for all, one manifest request each', async () => {
    const client = newClient({ cacheTtlMs: 0, env: { DOCKER_CONFIG: dockerConfigDir({ [reg.host]: reg.users[0]! }) } });
    const results = await Promise.all(
      ['private/a', 'private/b', 'private/a', 'private/b'].map((path) => client.resolve({ domain: reg.host, path, reference: '1' })),
    );
    assert.ok(results.every((result) => result.authenticated));
    // Both scopes go in one request (two `scope` parameters); the real registry accepts the token for both.
    assert.equal(client.stats.tokenRequests, 1, 'one token for both scopes');
    assert.equal(client.stats.manifestRequests, 2, 'identical lookups merged, no 401 retries');
  });

  test('a shared anonymous token covers what the token service grants: the public repository resolves, the private one is refused', async () => {
    const client = newClient();
    const [open, closed] = await Promise.allSettled([
      client.resolve({ domain: reg.host, path: 'public/lib', reference: '1' }),
      client.resolve({ domain: reg.host, path: 'private/a', reference: '1' }),
    ]);
    assert.equal(open.status, 'fulfilled');
    assert.equal(closed.status, 'rejected');
    assert.equal((closed as PromiseRejectedResult).reason.kind, 'auth-required');
    assert.equal(client.stats.tokenRequests, 1, 'one token request for both scopes');
  });

  test('anonymous: a public repository works; a private one → auth-required', async () => {
    const client = newClient();
    const r = await client.resolve({ domain: reg.host, path: 'public/lib', reference: '1' }, { withPlatforms: true });
    assert.equal(r.isIndex, true);
    assert.equal(r.platforms?.length, 2);
    assert.equal(r.authenticated, false);
    assert.deepEqual(client.signedInHosts(), []);
    await assert.rejects(client.resolve({ domain: reg.host, path: 'private/a', reference: '1' }), (e: RegistryError) => {
      assert.equal(e.kind, 'auth-required');
      assert.match(e.message, /did not allow anonymous access.*docker login/);
      return true;
    });
  });

  test('wrong password → the token service rejects it; no secret in the error', async () => {
    const bad = { username: reg.users[0]!.username, password: 'definitely-Wrong-987' };
    const client = newClient({ env: { DOCKER_CONFIG: dockerConfigDir({ [reg.host]: bad }) } });
    await assert.rejects(client.resolve({ domain: reg.host, path: 'private/a', reference: '1' }), (e: RegistryError) => {
      assert.equal(e.kind, 'auth-required');
      assert.match(e.message, /token service .* rejected the credentials from .*config\.json/);
      assertNoSecret(e, [bad.password]);
      return true;
    });
  });

  test('skopeo with credentials agrees', async () => {
    const client = newClient({ env: { DOCKER_CONFIG: dockerConfigDir({ [reg.host]: reg.users[0]! }) } });
    const r = await client.resolve({ domain: reg.host, path: 'private/b', reference: '1' });
    assert.equal(r.digest, await skopeoDigest(reg, 'private/b', '1', reg.users[0]!));
  });
});
