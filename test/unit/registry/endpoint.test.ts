import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackHost, registryEndpoint, splitHostPort } from '../../../server/src/registry/endpoint';
import { bypassesProxy, selectProxy } from '../../../server/src/registry/proxy';

test('Docker Hub aliases map to registry-1.docker.io over HTTPS', () => {
  for (const d of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
    const ep = registryEndpoint(d);
    assert.equal(ep.host, 'registry-1.docker.io');
    assert.deepEqual(ep.schemes, ['https']);
    assert.equal(ep.isDockerHub, true);
  }
});

test('ordinary hosts are HTTPS only, ports kept', () => {
  const ep = registryEndpoint('registry.example.com:5000');
  assert.equal(ep.host, 'registry.example.com:5000');
  assert.equal(ep.port, 5000);
  assert.deepEqual(ep.schemes, ['https']);
  assert.equal(ep.skipTlsVerify, false);
  assert.deepEqual(registryEndpoint('ghcr.io').schemes, ['https']);
  // A name that merely starts like loopback is not loopback.
  assert.deepEqual(registryEndpoint('127.0.0.1.nip.io:5000').schemes, ['https']);
  assert.deepEqual(registryEndpoint('localhost.example.com').schemes, ['https']);
});

test('loopback hosts may fall back to plain HTTP but keep certificate checks', () => {
  for (const d of ['localhost:5000', 'localhost', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000']) {
    const ep = registryEndpoint(d);
    assert.deepEqual(ep.schemes, ['https', 'http'], d);
    assert.equal(ep.skipTlsVerify, false, d);
  }
});

test('listed insecure hosts: by host:port or bare host', () => {
  assert.deepEqual(registryEndpoint('reg.lan:5000', ['reg.lan:5000']).schemes, ['https', 'http']);
  assert.deepEqual(registryEndpoint('reg.lan:5000', ['reg.lan']).schemes, ['https', 'http']);
  assert.equal(registryEndpoint('reg.lan:5000', ['http://reg.lan:5000/']).skipTlsVerify, true);
  assert.deepEqual(registryEndpoint('reg.lan:5001', ['reg.lan:5000']).schemes, ['https']);
  assert.deepEqual(registryEndpoint('other.lan', ['reg.lan']).schemes, ['https']);
});

test('isLoopbackHost and splitHostPort', () => {
  assert.equal(isLoopbackHost('127.255.0.1'), true);
  assert.equal(isLoopbackHost('128.0.0.1'), false);
  assert.equal(isLoopbackHost('::1'), true);
  assert.equal(isLoopbackHost('[::1]'), true);
  assert.equal(isLoopbackHost('::ffff:127.0.0.1'), true);
  assert.equal(isLoopbackHost('10.0.0.1'), false);
  assert.equal(isLoopbackHost('foo.localhost'), true);
  assert.deepEqual(splitHostPort('[::1]:5000'), { hostname: '::1', port: 5000 });
  assert.deepEqual(splitHostPort('host'), { hostname: 'host', port: null });
  assert.deepEqual(splitHostPort('host:443'), { hostname: 'host', port: 443 });
});

test('proxy selection: explicit, env, NO_PROXY, loopback bypass', () => {
  const env = { HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://p2:8080', NO_PROXY: 'internal.example,.corp.example,10.0.0.0/8,reg.lan:5000' };
  assert.equal(selectProxy(new URL('https://ghcr.io/v2/'), undefined, env), 'http://proxy:3128');
  assert.equal(selectProxy(new URL('http://reg.other/v2/'), undefined, env), 'http://p2:8080');
  assert.equal(selectProxy(new URL('https://internal.example/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://a.internal.example/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://x.corp.example/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://corp.example/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://10.1.2.3/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://11.1.2.3/v2/'), undefined, env), 'http://proxy:3128');
  assert.equal(selectProxy(new URL('https://reg.lan:5000/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://reg.lan:5001/v2/'), undefined, env), 'http://proxy:3128');
  assert.equal(selectProxy(new URL('http://127.0.0.1:5000/v2/'), { url: 'http://explicit:1' }, env), null);
  assert.equal(selectProxy(new URL('https://[::1]:5000/v2/'), undefined, env), null);
  assert.equal(selectProxy(new URL('https://ghcr.io/v2/'), { url: 'http://explicit:1' }, env), 'http://explicit:1');
  assert.equal(selectProxy(new URL('https://ghcr.io/v2/'), { url: 'http://explicit:1', noProxy: ['ghcr.io'] }, env), null);
  assert.equal(selectProxy(new URL('https://ghcr.io/v2/'), undefined, {}), null);
  assert.equal(bypassesProxy(new URL('https://anything/'), ['*']), true);
});
