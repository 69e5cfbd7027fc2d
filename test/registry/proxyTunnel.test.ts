/**
 * The transport's CONNECT tunnels (server/src/registry/proxyTunnel.ts) through a real
 * forward proxy to a real TLS registry with Basic auth, named by an alias only the proxy
 * resolves: proxy credentials, refusals, TLS verified inside the tunnel, pooled tunnels,
 * and a CONNECT that never gets an answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RegistryError } from '../../server/src/registry';
import { NetworkFailure } from '../../server/src/registry/networkFailure';
import { Transport } from '../../server/src/registry/transport';
import { cleanupClients, dockerConfigDir, newClient } from './clientTestUtil';
import { makeTlsFiles } from './harness/certificates';
import type { ForwardProxy } from './harness/forwardProxy';
import { startForwardProxy } from './harness/forwardProxy';
import { pushImage } from './harness/push';
import type { RunningRegistry } from './harness/registry';
import { startRegistry } from './harness/registry';

const ALIAS = 'registry.kube-image-lens.test';
/** Characters that must be percent-encoded in a URL's user info. */
const PROXY_USER = { username: 'build@corp', password: 'p:ss/wörd%20' };

function basic(user: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
}

/** The proxy URL with PROXY_USER's credentials percent-encoded in it. */
function withUser(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  url.username = encodeURIComponent(PROXY_USER.username);
  url.password = encodeURIComponent(PROXY_USER.password);
  return url.href;
}

describe('proxy tunnels', () => {
  let reg: RunningRegistry;
  let proxy: ForwardProxy;
  let proxyUrl: string;
  let host: string;
  let digest: string;
  let dockerConfig: string;
  before(async () => {
    reg = await startRegistry({ tls: true, tlsNames: [ALIAS], auth: 'basic' });
    digest = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'oci' })).digest;
    proxy = await startForwardProxy(ALIAS, { credentials: PROXY_USER });
    proxyUrl = withUser(proxy.url);
    host = `${ALIAS}:${reg.host.split(':')[1]}`;
    dockerConfig = dockerConfigDir({ [host]: reg.users[0]! });
  });
  after(async () => {
    await cleanupClients();
    await proxy?.stop();
    await reg?.stop();
  });

  const client = (opts: Parameters<typeof newClient>[0] = {}): ReturnType<typeof newClient> =>
    newClient({ caFile: reg.caFile!, proxy: { url: proxyUrl }, env: { DOCKER_CONFIG: dockerConfig }, ...opts });
  const locator = (reference = '1.0') => ({ domain: host, path: 'team/app', reference });

  test("the proxy URL's credentials reach the proxy as Proxy-Authorization on each CONNECT; the registry's never do", async () => {
    const before = proxy.authorizationHeaders.length;
    const c = client();
    assert.equal((await c.resolve(locator())).digest, digest);
    assert.deepEqual(c.signedInHosts(), [host], 'the registry credentials were used, inside the tunnel');
    const seen = proxy.authorizationHeaders.slice(before);
    assert.ok(seen.length > 0);
    assert.deepEqual(new Set(seen), new Set([basic(PROXY_USER)]));
  });

  test('a proxy answering CONNECT with 407 or 403 is a NetworkFailure naming the status, never the password', async () => {
    const port = reg.host.split(':')[1]!;
    const cases = [
      { proxy: proxy.url.replace('//', '//build%40corp:wrong-secret@'), target: `https://${host}/v2/`, status: 407 },
      { proxy: proxyUrl, target: `https://elsewhere.kube-image-lens.test:${port}/v2/`, status: 403 },
    ];
    for (const { proxy: url, target, status } of cases) {
      const transport = new Transport({ proxy: { url }, env: {} });
      try {
        await assert.rejects(
          transport.send({ method: 'GET', url: new URL(target), headers: {}, signal: AbortSignal.timeout(5000), maxBodyBytes: 1000 }),
          (e: NetworkFailure) => {
            assert.ok(e instanceof NetworkFailure);
            assert.equal(e.failure, 'unreachable');
            assert.equal(e.code, `PROXY_HTTP_${status}`);
            assert.equal(e.viaProxy, true);
            assert.match(e.message, new RegExp(`proxy answered HTTP ${status}`));
            assert.ok(!e.message.includes('wrong-secret') && !e.message.includes(encodeURIComponent(PROXY_USER.password)), e.message);
            return true;
          },
        );
      } finally {
        await transport.close();
      }
    }
    // What a user reads for it.
    await assert.rejects(client({ proxy: { url: proxy.url } }).resolve(locator()), (e: RegistryError) => {
      assert.equal(e.kind, 'unreachable');
      assert.equal(e.code, 'PROXY_HTTP_407');
      assert.match(e.message, /The proxy asked for credentials .*\(HTTP 407\).*http:\/\/user:password@proxy:port/);
      return true;
    });
    const elsewhere = { domain: `elsewhere.kube-image-lens.test:${port}`, path: 'team/app', reference: '1.0' };
    await assert.rejects(client().resolve(elsewhere), (e: RegistryError) => {
      assert.equal(e.code, 'PROXY_HTTP_403');
      assert.match(e.message, /The proxy refused to connect to elsewhere\.kube-image-lens\.test:\d+ \(HTTP 403\).*NO_PROXY/);
      return true;
    });
  });

  test('a proxy nobody listens on is named in the message, not the registry', async () => {
    const closed = await startForwardProxy(ALIAS);
    const url = closed.url;
    await closed.stop();
    await assert.rejects(client({ proxy: { url } }).resolve(locator()), (e: RegistryError) => {
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, new RegExp(`^Cannot connect to the proxy ${new URL(url).host.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\).*proxy settings`));
      return true;
    });
  });

  test('a proxy URL that is not http(s) is a NetworkFailure, not a direct connection', async () => {
    const transport = new Transport({ proxy: { url: 'socks5://127.0.0.1:1080' }, env: {} });
    await assert.rejects(
      transport.send({ method: 'GET', url: new URL(`https://${host}/v2/`), headers: {}, signal: AbortSignal.timeout(5000), maxBodyBytes: 1000 }),
      (e: NetworkFailure) => e instanceof NetworkFailure && e.code === 'INVALID_PROXY_URL' && e.viaProxy,
    );
    await transport.close();
  });

  test('an https proxy: the CONNECT goes over TLS to the proxy, verified with the CA file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kil-proxy-tls-'));
    const files = await makeTlsFiles(dir);
    const secureProxy = await startForwardProxy(ALIAS, { credentials: PROXY_USER, tls: files });
    try {
      const url = withUser(secureProxy.url);
      assert.match(url, /^https:/);
      const proxyHost = new URL(url).host;
      await assert.rejects(client({ proxy: { url } }).resolve(locator()), (e: RegistryError) => {
        assert.equal(e.kind, 'tls');
        // The proxy's certificate failed, not the registry's: the message names the proxy.
        assert.match(e.message, new RegExp(`^The TLS certificate of the proxy ${proxyHost.replace(/[.[\]]/g, '\\$&')} is not trusted .*If the proxy uses`));
        assert.ok(!e.message.includes(PROXY_USER.username) && !e.message.includes(encodeURIComponent(PROXY_USER.username)), e.message);
        return true;
      });
      assert.equal(secureProxy.connects.length, 0, 'no CONNECT reaches a proxy whose certificate is not trusted');
      const bothCas = join(dir, 'both.pem');
      writeFileSync(bothCas, Buffer.concat([readFileSync(reg.caFile!), readFileSync(files.caFile)]));
      assert.equal((await client({ caFile: bothCas, proxy: { url } }).resolve(locator())).digest, digest);
      assert.ok(secureProxy.connects.length > 0);
      assert.deepEqual(new Set(secureProxy.authorizationHeaders), new Set([basic(PROXY_USER)]));
    } finally {
      await secureProxy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('TLS inside the tunnel is verified: the CA file and the alias in the certificate, or strictSSL off', async () => {
    await assert.rejects(client({ caFile: undefined }).resolve(locator()), (e: RegistryError) => e.kind === 'tls' && /not trusted/.test(e.message));
    assert.equal((await client({ caFile: undefined, proxy: { url: proxyUrl, strictSSL: false } }).resolve(locator())).digest, digest);
  });

  test('tunnels are pooled and kept alive: 20 lookups make at most maxConcurrencyPerHost CONNECTs', async () => {
    const before = proxy.connects.length;
    const c = client({ maxConcurrencyPerHost: 4 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => c.resolve(locator(i === 0 ? '1.0' : `missing-${i}`))));
    assert.equal(results[0]!.status === 'fulfilled' && results[0].value.digest, digest);
    assert.ok(results.slice(1).every((r) => r.status === 'rejected' && (r.reason as RegistryError).kind === 'unknown-tag'));
    assert.ok(c.stats.manifestRequests >= 20);
    const connects = proxy.connects.length - before;
    assert.ok(connects >= 1 && connects <= 4, `${connects} CONNECTs`);
  });

  test('a CONNECT that gets no answer is given up with its request', async () => {
    const silent = await startForwardProxy(ALIAS, { silent: true });
    try {
      await assert.rejects(client({ proxy: { url: silent.url }, timeoutMs: 300, retries: 0 }).resolve(locator()), (e: RegistryError) => e.kind === 'timeout');
      const deadline = Date.now() + 2000;
      while (silent.unanswered() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(silent.unanswered(), 0, 'the client closed its connection to the proxy');
      assert.ok(silent.connects.length > 0);
    } finally {
      await silent.stop();
    }
  });
});
