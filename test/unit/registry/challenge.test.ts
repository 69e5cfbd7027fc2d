import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findChallenge, parseWwwAuthenticate } from '../../../server/src/registry/challenge';

test('Docker Hub style Bearer challenge', () => {
  const c = parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"');
  assert.deepEqual(c, [
    { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
  ]);
});

test('several challenges in one header, commas inside quoted strings', () => {
  const c = parseWwwAuthenticate('Bearer realm="https://a.example/token?x=1,2",service="svc", scope="repository:a/b:pull,push", Basic realm="Registry Realm"');
  assert.equal(c.length, 2);
  assert.equal(c[0]!.scheme, 'bearer');
  assert.equal(c[0]!.params['realm'], 'https://a.example/token?x=1,2');
  assert.equal(c[0]!.params['scope'], 'repository:a/b:pull,push');
  assert.equal(c[1]!.scheme, 'basic');
  assert.equal(c[1]!.params['realm'], 'Registry Realm');
});

test('escapes, case-insensitive names, token values, whitespace', () => {
  const c = parseWwwAuthenticate('  BASIC   Realm = "say \\"hi\\" \\\\ there" , charset=UTF-8');
  assert.equal(c.length, 1);
  assert.equal(c[0]!.scheme, 'basic');
  assert.equal(c[0]!.params['realm'], 'say "hi" \\ there');
  assert.equal(c[0]!.params['charset'], 'UTF-8');
});

test('token68, scheme without params, and list of headers', () => {
  const c = parseWwwAuthenticate(['Negotiate abc123==', 'Basic, Bearer realm="r"']);
  assert.deepEqual(
    c.map((x) => [x.scheme, x.token68 ?? null, x.params['realm'] ?? null]),
    [
      ['negotiate', 'abc123==', null],
      ['basic', null, null],
      ['bearer', null, 'r'],
    ],
  );
});

test('Bearer with error params after a 401 with a token', () => {
  const c = parseWwwAuthenticate('Bearer realm="https://t/x",service="s",scope="repository:a:pull",error="insufficient_scope"');
  assert.equal(findChallenge(c, 'Bearer')?.params['error'], 'insufficient_scope');
});

test('garbage and empty input do not throw', () => {
  assert.deepEqual(parseWwwAuthenticate(undefined), []);
  assert.deepEqual(parseWwwAuthenticate(''), []);
  for (const s of ['"', '=,=', 'Bearer realm="unterminated', ',,,', 'Bearer =x', '😀 a=b']) {
    assert.doesNotThrow(() => parseWwwAuthenticate(s));
  }
  assert.equal(parseWwwAuthenticate('Bearer realm="unterminated')[0]!.params['realm'], 'unterminated');
});
