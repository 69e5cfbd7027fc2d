import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCredentialHelper } from '../../../server/src/registry/credentialHelper';
import { DockerCredentialStore, StaticCredentialStore, authFilePaths } from '../../../server/src/registry/credentialStore';

const root = mkdtempSync(path.join(tmpdir(), 'kil-creds-'));
after(() => rmSync(root, { recursive: true, force: true }));
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A real `docker-credential-<name>` program (a shell script) in a bin dir. */
function writeHelper(bin: string, name: string, body: string): void {
  mkdirSync(bin, { recursive: true });
  const file = path.join(bin, `docker-credential-${name}`);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

const bin = path.join(root, 'bin');
// Records what it was asked, answers per server URL.
writeHelper(
  bin,
  'test',
  `[ "$1" = get ] || exit 3
read url
echo "$url" >> "${root}/helper-calls"
case "$url" in
  localhost:5000) echo '{"ServerURL":"localhost:5000","Username":"helperuser","Secret":"helper-secret-1"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"identity-xyz"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac`,
);
writeHelper(bin, 'broken', 'echo "boom secret-in-output" >&2; exit 2');
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: `${bin}:/usr/bin:/bin`, ...extra });

test('credential helper protocol: get, <token> username, not found, failure', async () => {
  assert.deepEqual(await runCredentialHelper('test', 'localhost:5000', { env: env() }), { username: 'helperuser', password: 'helper-secret-1' });
  assert.deepEqual(await runCredentialHelper('test', 'https://index.docker.io/v1/', { env: env() }), { identityToken: 'identity-xyz' });
  assert.equal(await runCredentialHelper('test', 'other:1', { env: env() }), null);
  await assert.rejects(runCredentialHelper('broken', 'x', { env: env() }), (e: Error) => /exit code 2/.test(e.message) && !e.message.includes('secret'));
  await assert.rejects(runCredentialHelper('missing', 'x', { env: env() }), /not installed/);
  await assert.rejects(runCredentialHelper('../evil', 'x', { env: env() }), /not a valid program name/);
});

test('DOCKER_CONFIG config.json: inline auths, key matching', async () => {
  const dir = path.join(root, 'dc1');
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') }, 'http://reg.lan:5000/v1/': { username: 'u', password: 'p' } } }),
  );
  const store = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: path.join(root, 'nohome') });
  const hub = await store.lookup({ host: 'registry-1.docker.io', isDockerHub: true });
  assert.equal(hub.credentials?.username, 'hubuser');
  assert.equal(hub.credentials?.password, 'hubpass');
  assert.equal(hub.credentials?.source, path.join(dir, 'config.json'));
  const lan = await store.lookup({ host: 'reg.lan:5000', isDockerHub: false });
  assert.equal(lan.credentials?.username, 'u');
  assert.equal((await store.lookup({ host: 'reg.lan:5001', isDockerHub: false })).credentials, null);
});

test('~/.docker/config.json is used without DOCKER_CONFIG', async () => {
  const home = path.join(root, 'home1');
  mkdirSync(path.join(home, '.docker'), { recursive: true });
  writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'localhost:5000': { auth: b64('a:b') } } }));
  const store = new DockerCredentialStore({ env: env(), homeDir: home });
  assert.equal((await store.lookup({ host: 'localhost:5000', isDockerHub: false })).credentials?.username, 'a');
  assert.equal(authFilePaths({}, home).docker, path.join(home, '.docker', 'config.json'));
});

test('credHelpers / credsStore run only when allowed; notes explain', async () => {
  const dir = path.join(root, 'dc2');
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ auths: { 'localhost:5000': {}, 'inline.example': { auth: b64('inl:inlpass') } }, credHelpers: { 'localhost:5000': 'test' }, credsStore: 'test' }),
  );
  const denied = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: root, allowCredentialHelpers: false });
  const r1 = await denied.lookup({ host: 'localhost:5000', isDockerHub: false });
  assert.equal(r1.credentials, null);
  assert.match(r1.note ?? '', /docker-credential-test, which is not run/);

  const allowed = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: root, allowCredentialHelpers: true });
  const r2 = await allowed.lookup({ host: 'localhost:5000', isDockerHub: false });
  assert.deepEqual(r2.credentials, { username: 'helperuser', password: 'helper-secret-1', source: 'credential helper docker-credential-test' });
  const r3 = await allowed.lookup({ host: 'registry-1.docker.io', isDockerHub: true });
  assert.equal(r3.credentials?.identityToken, 'identity-xyz');
  // credsStore says not found → inline auths are still used
  const r4 = await allowed.lookup({ host: 'inline.example', isDockerHub: false });
  assert.equal(r4.credentials?.username, 'inl');
  // Helper answers are cached until clear()
  await allowed.lookup({ host: 'localhost:5000', isDockerHub: false });
  const { readFileSync } = await import('node:fs');
  const calls = () => readFileSync(path.join(root, 'helper-calls'), 'utf8').trim().split('\n').filter((l) => l === 'localhost:5000').length;
  const before = calls();
  await allowed.lookup({ host: 'localhost:5000', isDockerHub: false });
  assert.equal(calls(), before);
  allowed.clear();
  await allowed.lookup({ host: 'localhost:5000', isDockerHub: false });
  assert.equal(calls(), before + 1);
});

test('a failing helper gives a note without secrets and falls back to anonymous', async () => {
  const dir = path.join(root, 'dc3');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'broken' }));
  const store = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: root, allowCredentialHelpers: true });
  const r = await store.lookup({ host: 'x.example', isDockerHub: false });
  assert.equal(r.credentials, null);
  assert.match(r.note ?? '', /docker-credential-broken get failed/);
  assert.ok(!(r.note ?? '').includes('secret-in-output'));
});

test('Podman auth files: REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR, ~/.config; namespace keys', async () => {
  const home = path.join(root, 'home2');
  const run = path.join(root, 'run');
  mkdirSync(path.join(run, 'containers'), { recursive: true });
  mkdirSync(path.join(home, '.config', 'containers'), { recursive: true });
  writeFileSync(path.join(run, 'containers', 'auth.json'), JSON.stringify({ auths: { 'quay.io/team': { auth: b64('team:tpw') } } }));
  writeFileSync(path.join(home, '.config', 'containers', 'auth.json'), JSON.stringify({ auths: { 'quay.io': { auth: b64('any:apw') }, 'docker.io': { auth: b64('hub2:h') } } }));
  const explicit = path.join(root, 'explicit-auth.json');
  writeFileSync(explicit, JSON.stringify({ auths: { 'ghcr.io': { auth: b64('gh:ghpw') } } }));
  const store = new DockerCredentialStore({ env: env({ XDG_RUNTIME_DIR: run, REGISTRY_AUTH_FILE: explicit }), homeDir: home });
  assert.equal((await store.lookup({ host: 'ghcr.io', path: 'o/r', isDockerHub: false })).credentials?.username, 'gh');
  assert.equal((await store.lookup({ host: 'quay.io', path: 'team/app', isDockerHub: false })).credentials?.username, 'team');
  assert.equal((await store.lookup({ host: 'quay.io', path: 'other/app', isDockerHub: false })).credentials?.username, 'any');
  assert.equal((await store.lookup({ host: 'registry-1.docker.io', path: 'library/nginx', isDockerHub: true })).credentials?.username, 'hub2');
});

test('unreadable / invalid config gives a note, no throw', async () => {
  const dir = path.join(root, 'dc4');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'config.json'), '{ "auths": ');
  const store = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: root });
  const r = await store.lookup({ host: 'x', isDockerHub: false });
  assert.equal(r.credentials, null);
  assert.match(r.note ?? '', /not valid JSON/);
});

test('a changed config file is read again: a login between two lookups is seen by the next one', async () => {
  const dir = path.join(root, 'dc5');
  mkdirSync(dir);
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ auths: { 'reg.lan': { auth: b64('old:pass') } } }));
  const store = new DockerCredentialStore({ env: env({ DOCKER_CONFIG: dir }), homeDir: path.join(root, 'nohome') });
  for (const repo of ['a', 'b']) {
    assert.equal((await store.lookup({ host: 'reg.lan', path: repo, isDockerHub: false })).credentials?.username, 'old');
  }
  writeFileSync(file, JSON.stringify({ auths: { 'reg.lan': { auth: b64('renamed:password') } } }));
  assert.equal((await store.lookup({ host: 'reg.lan', path: 'c', isDockerHub: false })).credentials?.username, 'renamed');
  rmSync(file);
  assert.equal((await store.lookup({ host: 'reg.lan', path: 'd', isDockerHub: false })).credentials, null);
  writeFileSync(file, '{ "auths": ');
  assert.match((await store.lookup({ host: 'reg.lan', path: 'e', isDockerHub: false })).note ?? '', /not valid JSON/);
});

test('StaticCredentialStore matches like docker keys', async () => {
  const s = new StaticCredentialStore({ 'https://localhost:5000': { username: 'x', password: 'y' } });
  assert.equal((await s.lookup({ host: 'localhost:5000', isDockerHub: false })).credentials?.username, 'x');
  assert.equal((await s.lookup({ host: 'localhost:5001', isDockerHub: false })).credentials, null);
});
