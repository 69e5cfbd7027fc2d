import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/core/reference/parseReference';

const HEX_ID = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';
const LONG_NAMESPACE =
  'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255';
const DIGEST_DBCC = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

const FORMAT = 'invalid reference format';
const TOO_LONG = 'repository name must not be more than 255 characters';
const lowercase = (remote: string) => `invalid reference format: repository name (${remote}) must be lowercase`;
const hexName = (name: string) => `invalid repository name (${name}), cannot specify 64-byte hexadecimal strings`;

// Upstream normalize_test.go TestValidateReferenceName (valid names).
const validReferenceNames = [
  'docker/docker',
  'library/debian',
  'debian',
  'localhost/library/debian',
  'localhost/debian',
  'LOCALDOMAIN/library/debian',
  'LOCALDOMAIN/debian',
  'docker.io/docker/docker',
  'docker.io/library/debian',
  'docker.io/debian',
  'index.docker.io/docker/docker',
  'index.docker.io/library/debian',
  'index.docker.io/debian',
  '127.0.0.1:5000/docker/docker',
  '127.0.0.1:5000/library/debian',
  '127.0.0.1:5000/debian',
  '192.168.0.1',
  '192.168.0.1:80',
  '192.168.0.1:8/debian',
  '192.168.0.2:25000/debian',
  'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
  '[fc00::1]:5000/docker',
  '[fc00::1]:5000/docker/docker',
  '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
  `docker.io/${HEX_ID}`,
  'Docker/docker',
  'DOCKER/docker',
  // Upstream normalize_test.go TestValidateRemoteName (valid names).
  'docker-rules/docker',
  'docker---rules/docker',
  'doc/docker',
  'd/docker',
  'jess/t',
  'dock__er/docker',
];

for (const name of validReferenceNames) {
  test(`TestValidateReferenceName/TestValidateRemoteName valid ${name}`, () => {
    assert.equal(parseImageReference(name).error, null);
  });
}

// Upstream normalize_test.go TestValidateReferenceName and TestValidateRemoteName
// (invalid names; upstream only asserts an error, the texts follow the Go code paths),
// and TestInvalidReferenceComponents ("-foo").
const invalidReferenceNames: Array<[name: string, error: string]> = [
  ['https://github.com/docker/docker', FORMAT],
  ['docker/Docker', lowercase('docker/Docker')],
  ['-docker', FORMAT],
  ['-docker/docker', FORMAT],
  ['-docker.io/docker/docker', FORMAT],
  ['docker///docker', FORMAT],
  ['docker.io/docker/Docker', lowercase('docker/Docker')],
  ['docker.io/docker///docker', FORMAT],
  ['[fc00::1]', FORMAT],
  ['[fc00::1]:5000', FORMAT],
  ['fc00::1:5000/debian', FORMAT],
  ['[fe80::1%eth0]:5000/debian', FORMAT],
  ['[2001:db8:3:4::192.0.2.33]:5000/debian', FORMAT],
  [HEX_ID, hexName(HEX_ID)],
  ['docker-/docker', FORMAT],
  ['-docker-/docker', FORMAT],
  ['____/____', FORMAT],
  ['_docker/_docker', FORMAT],
  ['dock..er/docker', FORMAT],
  ['dock_.er/docker', FORMAT],
  ['dock-.er/docker', FORMAT],
  ['docker/', FORMAT],
  [`${LONG_NAMESPACE}/docker`, TOO_LONG],
  ['-foo', FORMAT],
];

for (const [name, error] of invalidReferenceNames) {
  test(`TestValidateReferenceName/TestValidateRemoteName invalid ${name.slice(0, 60)}`, () => {
    assert.deepEqual(parseImageReference(name), {
      valid: false,
      error,
      domain: null,
      path: null,
      tag: null,
      digest: null,
      normalized: null,
      familiar: null,
    });
  });
}

// Upstream normalize_test.go TestParseRepositoryInfo: every spelling parses to the same name.
const repositoryInfoCases: Array<{ remoteName: string; familiarName: string; fullName: string; ambiguousName: string; domain: string }> = [
  { remoteName: 'fooo', familiarName: 'localhost/fooo', fullName: 'localhost/fooo', ambiguousName: 'localhost/fooo', domain: 'localhost' },
  {
    remoteName: 'fooo/bar',
    familiarName: 'localhost/fooo/bar',
    fullName: 'localhost/fooo/bar',
    ambiguousName: 'localhost/fooo/bar',
    domain: 'localhost',
  },
  { remoteName: 'fooo', familiarName: 'LOCALDOMAIN/fooo', fullName: 'LOCALDOMAIN/fooo', ambiguousName: 'LOCALDOMAIN/fooo', domain: 'LOCALDOMAIN' },
  {
    remoteName: 'fooo/bar',
    familiarName: 'LOCALDOMAIN/fooo/bar',
    fullName: 'LOCALDOMAIN/fooo/bar',
    ambiguousName: 'LOCALDOMAIN/fooo/bar',
    domain: 'LOCALDOMAIN',
  },
  { remoteName: 'fooo/bar', familiarName: 'fooo/bar', fullName: 'docker.io/fooo/bar', ambiguousName: 'index.docker.io/fooo/bar', domain: 'docker.io' },
  { remoteName: 'library/ubuntu', familiarName: 'ubuntu', fullName: 'docker.io/library/ubuntu', ambiguousName: 'library/ubuntu', domain: 'docker.io' },
  { remoteName: 'nonlibrary/ubuntu', familiarName: 'nonlibrary/ubuntu', fullName: 'docker.io/nonlibrary/ubuntu', ambiguousName: '', domain: 'docker.io' },
  { remoteName: 'other/library', familiarName: 'other/library', fullName: 'docker.io/other/library', ambiguousName: '', domain: 'docker.io' },
  {
    remoteName: 'private/moonbase',
    familiarName: '127.0.0.1:8000/private/moonbase',
    fullName: '127.0.0.1:8000/private/moonbase',
    ambiguousName: '',
    domain: '127.0.0.1:8000',
  },
  {
    remoteName: 'privatebase',
    familiarName: '127.0.0.1:8000/privatebase',
    fullName: '127.0.0.1:8000/privatebase',
    ambiguousName: '',
    domain: '127.0.0.1:8000',
  },
  {
    remoteName: 'private/moonbase',
    familiarName: 'example.com/private/moonbase',
    fullName: 'example.com/private/moonbase',
    ambiguousName: '',
    domain: 'example.com',
  },
  { remoteName: 'privatebase', familiarName: 'example.com/privatebase', fullName: 'example.com/privatebase', ambiguousName: '', domain: 'example.com' },
  {
    remoteName: 'private/moonbase',
    familiarName: 'example.com:8000/private/moonbase',
    fullName: 'example.com:8000/private/moonbase',
    ambiguousName: '',
    domain: 'example.com:8000',
  },
  {
    remoteName: 'privatebasee',
    familiarName: 'example.com:8000/privatebasee',
    fullName: 'example.com:8000/privatebasee',
    ambiguousName: '',
    domain: 'example.com:8000',
  },
  {
    remoteName: 'library/ubuntu-12.04-base',
    familiarName: 'ubuntu-12.04-base',
    fullName: 'docker.io/library/ubuntu-12.04-base',
    ambiguousName: 'index.docker.io/library/ubuntu-12.04-base',
    domain: 'docker.io',
  },
  { remoteName: 'library/foo', familiarName: 'foo', fullName: 'docker.io/library/foo', ambiguousName: 'docker.io/foo', domain: 'docker.io' },
  { remoteName: 'library/foo/bar', familiarName: 'library/foo/bar', fullName: 'docker.io/library/foo/bar', ambiguousName: '', domain: 'docker.io' },
  { remoteName: 'store/foo/bar', familiarName: 'store/foo/bar', fullName: 'docker.io/store/foo/bar', ambiguousName: '', domain: 'docker.io' },
  { remoteName: 'bar', familiarName: 'Foo/bar', fullName: 'Foo/bar', ambiguousName: '', domain: 'Foo' },
  { remoteName: 'bar', familiarName: 'FOO/bar', fullName: 'FOO/bar', ambiguousName: '', domain: 'FOO' },
];

for (const tc of repositoryInfoCases) {
  for (const spelling of [tc.familiarName, tc.fullName, tc.ambiguousName].filter((name) => name !== '')) {
    test(`TestParseRepositoryInfo ${spelling}`, () => {
      const info = parseImageReference(spelling);
      assert.equal(info.error, null);
      assert.equal(info.familiar, tc.familiarName);
      assert.equal(info.normalized, tc.fullName);
      assert.equal(info.domain, tc.domain);
      assert.equal(info.path, tc.remoteName);
    });
  }
}

// Upstream normalize_test.go TestParseReferenceWithTagAndDigest.
test('TestParseReferenceWithTagAndDigest', () => {
  const shortRef = 'busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa';
  assert.deepEqual(parseImageReference(shortRef), {
    valid: true,
    error: null,
    domain: 'docker.io',
    path: 'library/busybox',
    tag: 'latest',
    digest: 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
    normalized: `docker.io/library/${shortRef}`,
    familiar: shortRef,
  });
});

// Upstream normalize_test.go TestNormalizedSplitHostname.
const splitHostnameCases: Array<[input: string, domain: string, path: string]> = [
  ['test.com/foo', 'test.com', 'foo'],
  ['test_com/foo', 'docker.io', 'test_com/foo'],
  ['docker/migrator', 'docker.io', 'docker/migrator'],
  ['test.com:8080/foo', 'test.com:8080', 'foo'],
  ['test-com:8080/foo', 'test-com:8080', 'foo'],
  ['foo', 'docker.io', 'library/foo'],
  ['xn--n3h.com/foo', 'xn--n3h.com', 'foo'],
  ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080', 'foo'],
  ['docker.io/foo', 'docker.io', 'library/foo'],
  ['docker.io/library/foo', 'docker.io', 'library/foo'],
  ['docker.io/library/foo/bar', 'docker.io', 'library/foo/bar'],
];

for (const [input, domain, path] of splitHostnameCases) {
  test(`TestNormalizedSplitHostname ${input}`, () => {
    const info = parseImageReference(input);
    assert.deepEqual([info.domain, info.path], [domain, path]);
  });
}

// Upstream reference_test.go TestParseNamed: `ParseNamed` is `ParseNormalizedNamed`
// plus "the input must already be its own normalized String()".
const parseNamedCases: Array<[input: string, canonical: boolean]> = [
  ['test.com/foo', true],
  ['test:8080/foo', true],
  ['test_com/foo', false],
  ['test.com', false],
  ['foo', false],
  ['library/foo', false],
  ['docker.io/library/foo', true],
  ['docker.io/foo', false],
];

for (const [input, canonical] of parseNamedCases) {
  test(`TestParseNamed ${input}`, () => {
    assert.equal(parseImageReference(input).normalized === input, canonical);
  });
}

// Upstream normalize_test.go TestParseAnyReference, the cases that reach
// `ParseNormalizedNamed` (bare identifiers and digests are handled before it).
const anyReferenceCases: Array<[reference: string, equivalent: string]> = [
  ['redis', 'docker.io/library/redis'],
  ['redis:latest', 'docker.io/library/redis:latest'],
  ['docker.io/library/redis:latest', 'docker.io/library/redis:latest'],
  [`redis@${DIGEST_DBCC}`, `docker.io/library/redis@${DIGEST_DBCC}`],
  [`docker.io/library/redis@${DIGEST_DBCC}`, `docker.io/library/redis@${DIGEST_DBCC}`],
  ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp'],
  ['dmcgowan/myapp:latest', 'docker.io/dmcgowan/myapp:latest'],
  ['docker.io/mcgowan/myapp:latest', 'docker.io/mcgowan/myapp:latest'],
  [`dmcgowan/myapp@${DIGEST_DBCC}`, `docker.io/dmcgowan/myapp@${DIGEST_DBCC}`],
  [`docker.io/dmcgowan/myapp@${DIGEST_DBCC}`, `docker.io/dmcgowan/myapp@${DIGEST_DBCC}`],
  ['dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9', 'docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9'],
  ['dbcc1', 'docker.io/library/dbcc1'],
];

for (const [reference, equivalent] of anyReferenceCases) {
  test(`TestParseAnyReference ${reference}`, () => {
    assert.equal(parseImageReference(reference).normalized, equivalent);
  });
}

// Behaviour that follows from the Go code but has no upstream test.
const goBehaviourCases: Array<[input: string, expected: { error: string } | { normalized: string; familiar: string }]> = [
  ['', { error: FORMAT }],
  ['library/Nginx', { error: lowercase('library/Nginx') }],
  ['Nginx', { error: lowercase('library/Nginx') }],
  // The lowercase check cuts at the first ':' only, so it sees the digest algorithm.
  [`nginx@SHA256:${'a'.repeat(64)}`, { error: lowercase('library/nginx@SHA256') }],
  ['nginx:Latest', { normalized: 'docker.io/library/nginx:Latest', familiar: 'nginx:Latest' }],
  // Without a '/' nothing is a host (upstream FIXME).
  ['localhost:5000', { normalized: 'docker.io/library/localhost:5000', familiar: 'localhost:5000' }],
  ['example.com', { normalized: 'docker.io/library/example.com', familiar: 'example.com' }],
  [`sha256:${'a'.repeat(64)}`, { normalized: `docker.io/library/sha256:${'a'.repeat(64)}`, familiar: `sha256:${'a'.repeat(64)}` }],
  // splitDockerDomain sees a host ('.'), the grammar does not ('_'): Parse keeps it as a path without domain.
  ['a_b.c/d', { normalized: 'a_b.c/d', familiar: 'a_b.c/d' }],
  ['index.docker.io/nginx', { normalized: 'docker.io/library/nginx', familiar: 'nginx' }],
  ['docker.io/library/a/b', { normalized: 'docker.io/library/a/b', familiar: 'library/a/b' }],
  // An uppercase host is fine, a lowercase-able but invalid path is reported as uppercase by Parse.
  ['a_B.c/d', { error: 'repository name must be lowercase' }],
  [`nginx@sha256:${'A'.repeat(64)}`, { error: 'invalid checksum digest format' }],
  [`nginx@sha256:${'a'.repeat(63)}`, { error: 'invalid checksum digest length' }],
  [`nginx@md5:${'a'.repeat(32)}`, { error: 'unsupported digest algorithm' }],
  [`nginx@sha384:${'a'.repeat(96)}`, { normalized: `docker.io/library/nginx@sha384:${'a'.repeat(96)}`, familiar: `nginx@sha384:${'a'.repeat(96)}` }],
  [`nginx:${'t'.repeat(129)}`, { error: FORMAT }],
  [' nginx', { error: FORMAT }],
  ['nginx\n', { error: FORMAT }],
  // Familiar forms are not always re-parsable to the same image.
  [`docker.io/${HEX_ID}`, { normalized: `docker.io/library/${HEX_ID}`, familiar: HEX_ID }],
  ['docker.io/localhost/x', { normalized: 'docker.io/localhost/x', familiar: 'localhost/x' }],
  ['docker.io/a.b/c', { normalized: 'docker.io/a.b/c', familiar: 'a.b/c' }],
];

for (const [input, expected] of goBehaviourCases) {
  test(`ParseNormalizedNamed ${JSON.stringify(input).slice(0, 80)}`, () => {
    const info = parseImageReference(input);
    if ('error' in expected) {
      assert.equal(info.error, expected.error);
      assert.equal(info.valid, false);
    } else {
      assert.deepEqual({ normalized: info.normalized, familiar: info.familiar }, expected);
      assert.equal(info.valid, true);
    }
  });
}
