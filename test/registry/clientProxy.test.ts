/**
 * Proxies end to end: a real CONNECT proxy in front of a real registry. The
 * registry is named by a non-loopback alias so that the client does not bypass
 * the proxy (loopback never uses one); only the proxy knows where it really is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RegistryError } from '../../server/src/registry';
import { cleanupClients, newClient } from './clientTestUtil';
import type { ForwardProxy } from './harness/forwardProxy';
import { startForwardProxy } from './harness/forwardProxy';
import { pushImage } from './harness/push';
import type { RunningRegistry } from './harness/registry';
import { startRegistry } from './harness/registry';

const ALIAS = 'registry.kube-image-lens.test';

describe('registry client behind a proxy', () => {
  let reg: RunningRegistry;
  let proxy: ForwardProxy;
  let digest: string;
  let host: string;
  before(async () => {
    reg = await startRegistry();
    digest = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'oci' })).digest;
    proxy = await startForwardProxy(ALIAS);
    host = `${ALIAS}:${reg.host.split(':')[1]}`;
  });
  after(async () => {
    await cleanupClients();
    await proxy?.stop();
    await reg?.stop();
  });

  const locator = () => ({ domain: host, path: 'team/app', reference: '1.0' });

  test('HTTPS_PROXY / HTTP_PROXY from the environment are used', async () => {
    const before = proxy.connects.length;
    const client = newClient({ insecureHosts: [host], env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
    assert.equal((await client.resolve(locator())).digest, digest);
    assert.ok(proxy.connects.slice(before).every((target) => target === host));
    assert.ok(proxy.connects.length > before, 'the proxy tunnelled the requests');
  });

  test("an explicit proxy (VS Code's http.proxy) wins over an empty environment", async () => {
    const before = proxy.connects.length;
    const client = newClient({ insecureHosts: [host], proxy: { url: proxy.url }, env: {} });
    assert.equal((await client.resolve(locator())).digest, digest);
    assert.ok(proxy.connects.length > before);
  });

  test('NO_PROXY exempts the host: the proxy sees nothing and the alias cannot be reached directly', async () => {
    const before = proxy.connects.length;
    const client = newClient({ insecureHosts: [host], env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: `.kube-image-lens.test` } });
    await assert.rejects(client.resolve(locator()), (error: RegistryError) => error.kind === 'unreachable');
    assert.equal(proxy.connects.length, before);
  });

  test('loopback registries never go through the proxy', async () => {
    const before = proxy.connects.length;
    const client = newClient({ env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
    assert.equal((await client.resolve({ domain: reg.host, path: 'team/app', reference: '1.0' })).digest, digest);
    assert.equal(proxy.connects.length, before);
  });

  test('the proxy never sees registry credentials', () => {
    assert.deepEqual(proxy.authorizationHeaders, []);
  });
});
