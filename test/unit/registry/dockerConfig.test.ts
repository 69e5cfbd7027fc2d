import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAuthEntry, findDockerKey, findPodmanKey, helperServerUrl, keyHostname, parseAuthFile } from '../../../server/src/registry/dockerConfig';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const hub = { host: 'registry-1.docker.io', isDockerHub: true };
const local = { host: 'localhost:5000', isDockerHub: false };

test('auths: base64 auth (password may contain colons), username/password, identitytoken, registrytoken', () => {
  const f = parseAuthFile(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('alice:pa:ss') },
        'reg.example.com': { username: 'bob', password: 'pw' },
        'acr.example.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh-xyz' },
        'tok.example': { registrytoken: 'bearer-abc' },
        'empty.example': {},
        'broken.example': { auth: b64('no-colon') },
      },
      credsStore: 'desktop',
      credHelpers: { 'gcr.io': 'gcloud' },
    }),
  );
  assert.deepEqual(f.auths['https://index.docker.io/v1/'], { username: 'alice', password: 'pa:ss' });
  assert.deepEqual(f.auths['reg.example.com'], { username: 'bob', password: 'pw' });
  assert.equal(f.auths['acr.example.io']!.identityToken, 'refresh-xyz');
  assert.equal(f.auths['tok.example']!.registryToken, 'bearer-abc');
  assert.equal(f.auths['empty.example'], undefined);
  assert.equal(f.credsStore, 'desktop');
  assert.deepEqual(f.credHelpers, { 'gcr.io': 'gcloud' });
  assert.equal(f.problems.length, 1);
  assert.ok(!f.problems[0]!.includes('no-colon'));
});

test('empty and odd files', () => {
  assert.deepEqual(parseAuthFile('').auths, {});
  assert.deepEqual(parseAuthFile('{}').auths, {});
  assert.equal(parseAuthFile('[]').problems.length, 1);
  assert.throws(() => parseAuthFile('{not json'));
  assert.equal(decodeAuthEntry(null), 'invalid');
  assert.equal(decodeAuthEntry({ username: 'x' }), null);
});

test('docker key matching like ConvertToHostname', () => {
  assert.equal(keyHostname('https://Reg.Example.com:5000/v1/'), 'reg.example.com:5000');
  assert.equal(findDockerKey(['https://index.docker.io/v1/'], hub), 'https://index.docker.io/v1/');
  assert.equal(findDockerKey(['docker.io'], hub), 'docker.io');
  assert.equal(findDockerKey(['index.docker.io'], hub), 'index.docker.io');
  assert.equal(findDockerKey(['https://registry-1.docker.io/v2/'], hub), 'https://registry-1.docker.io/v2/');
  assert.equal(findDockerKey(['localhost:5000'], hub), undefined);
  assert.equal(findDockerKey(['http://localhost:5000/v1/', 'localhost:5000'], local), 'localhost:5000'); // exact first
  assert.equal(findDockerKey(['http://localhost:5000/v1/'], local), 'http://localhost:5000/v1/');
  assert.equal(findDockerKey(['https://localhost:5000'], local), 'https://localhost:5000');
  assert.equal(findDockerKey(['localhost:5001', 'localhost'], local), undefined);
  assert.equal(findDockerKey(['LOCALHOST:5000'], local), 'LOCALHOST:5000');
});

test('podman keys: most specific namespace wins', () => {
  const keys = ['quay.io', 'quay.io/team', 'quay.io/team/app', 'docker.io'];
  assert.equal(findPodmanKey(keys, { host: 'quay.io', path: 'team/app', isDockerHub: false }), 'quay.io/team/app');
  assert.equal(findPodmanKey(keys, { host: 'quay.io', path: 'team/other', isDockerHub: false }), 'quay.io/team');
  assert.equal(findPodmanKey(keys, { host: 'quay.io', path: 'else/x', isDockerHub: false }), 'quay.io');
  assert.equal(findPodmanKey(keys, { host: 'registry-1.docker.io', path: 'library/nginx', isDockerHub: true }), 'docker.io');
  assert.equal(findPodmanKey(['https://index.docker.io/v1/'], { host: 'registry-1.docker.io', isDockerHub: true }), 'https://index.docker.io/v1/');
  assert.equal(findPodmanKey(['quay.io/team/app'], { host: 'quay.io', path: 'team/application', isDockerHub: false }), undefined);
});

test('helper server URL: Docker Hub key or the host', () => {
  assert.equal(helperServerUrl(hub), 'https://index.docker.io/v1/');
  assert.equal(helperServerUrl(local), 'localhost:5000');
});
