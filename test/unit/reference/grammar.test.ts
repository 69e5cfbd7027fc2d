import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isDigestFormat,
  isDomainAndPort,
  isIdentifier,
  isRemoteName,
  isTag,
  matchName,
  matchReference,
} from '../../../server/src/core/reference/grammar';
import { grammarInput } from './arbitraries';
import * as upstream from './upstreamRegexps';

const DIGEST_BE17 = 'sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912';

// Upstream regexp_test.go TestDomainRegexp.
const domainCases: Array<[input: string, match: boolean]> = [
  ['test.com', true],
  ['test.com:10304', true],
  ['test.com:http', false],
  ['localhost', true],
  ['localhost:8080', true],
  ['a', true],
  ['a.b', true],
  ['ab.cd.com', true],
  ['a-b.com', true],
  ['-ab.com', false],
  ['ab-.com', false],
  ['ab.c-om', true],
  ['ab.-com', false],
  ['ab.com-', false],
  ['0101.com', true],
  ['001a.com', true],
  ['b.gbc.io:443', true],
  ['b.gbc.io', true],
  ['xn--n3h.com', true],
  ['Asdf.com', true],
  ['192.168.1.1:75050', true],
  ['192.168.1.1:750050', true],
  ['[fd00:1:2::3]:75050', true],
  ['[fd00:1:2::3]75050', false],
  ['[fd00:1:2::3]::75050', false],
  ['[fd00:1:2::3%eth0]:75050', false],
  ['[fd00123123123]:75050', true],
  ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050', true],
  ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505', true],
  ['fd00:1:2::3:75050', false],
];

for (const [input, match] of domainCases) {
  test(`TestDomainRegexp ${input}`, () => {
    assert.equal(isDomainAndPort(input), match);
  });
}

// Upstream regexp_test.go TestFullNameRegexp: [input, domain, path], or null when it must not match.
const nameCases: Array<[input: string, expected: [domain: string, path: string] | null]> = [
  ['', null],
  ['short', ['', 'short']],
  ['simple/name', ['simple', 'name']],
  ['library/ubuntu', ['library', 'ubuntu']],
  ['docker/stevvooe/app', ['docker', 'stevvooe/app']],
  ['aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb', ['aa', 'aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb']],
  ['aa/aa/bb/bb/bb', ['aa', 'aa/bb/bb/bb']],
  ['a/a/a/a', ['a', 'a/a/a']],
  ['a/a/a/a/', null],
  ['a//a/a', null],
  ['a', ['', 'a']],
  ['a/aa', ['a', 'aa']],
  ['a/aa/a', ['a', 'aa/a']],
  ['foo.com', ['', 'foo.com']],
  ['foo.com/', null],
  ['foo.com:8080/bar', ['foo.com:8080', 'bar']],
  ['foo.com:http/bar', null],
  ['foo.com/bar', ['foo.com', 'bar']],
  ['foo.com/bar/baz', ['foo.com', 'bar/baz']],
  ['localhost:8080/bar', ['localhost:8080', 'bar']],
  ['sub-dom1.foo.com/bar/baz/quux', ['sub-dom1.foo.com', 'bar/baz/quux']],
  ['blog.foo.com/bar/baz', ['blog.foo.com', 'bar/baz']],
  ['a^a', null],
  ['aa/asdf$$^/aa', null],
  ['asdf$$^/aa', null],
  ['aa-a/a', ['aa-a', 'a']],
  ['a/'.repeat(128) + 'a', ['a', 'a/'.repeat(127) + 'a']],
  ['a-/a/a/a', null],
  ['foo.com/a-/a/a', null],
  ['-foo/bar', null],
  ['foo/bar-', null],
  ['foo-/bar', null],
  ['foo/-bar', null],
  ['_foo/bar', null],
  ['foo_bar', ['', 'foo_bar']],
  ['foo_bar.com', ['', 'foo_bar.com']],
  ['foo_bar.com:8080', null],
  ['foo_bar.com:8080/app', null],
  ['foo.com/foo_bar', ['foo.com', 'foo_bar']],
  ['____/____', null],
  ['_docker/_docker', null],
  ['docker_/docker_', null],
  ['b.gcr.io/test.example.com/my-app', ['b.gcr.io', 'test.example.com/my-app']],
  ['xn--n3h.com/myimage', ['xn--n3h.com', 'myimage']],
  ['xn--7o8h.com/myimage', ['xn--7o8h.com', 'myimage']],
  ['example.com/xn--7o8h.com/myimage', ['example.com', 'xn--7o8h.com/myimage']],
  ['example.com/some_separator__underscore/myimage', ['example.com', 'some_separator__underscore/myimage']],
  ['example.com/__underscore/myimage', null],
  ['example.com/..dots/myimage', null],
  ['example.com/.dots/myimage', null],
  ['example.com/nodouble..dots/myimage', null],
  ['docker./docker', null],
  ['.docker/docker', null],
  ['docker-/docker', null],
  ['-docker/docker', null],
  ['do..cker/docker', null],
  ['do__cker:8080/docker', null],
  ['do__cker/docker', ['', 'do__cker/docker']],
  ['registry.io/foo/project--id.module--name.ver---sion--name', ['registry.io', 'foo/project--id.module--name.ver---sion--name']],
  ['Asdf.com/foo/bar', ['Asdf.com', 'foo/bar']],
  ['Foo/FarB', null],
  // Upstream reference_test.go TestDomainAndPath (WithName is the same name regexp).
  ['test.com/foo', ['test.com', 'foo']],
  ['test_com/foo', ['', 'test_com/foo']],
  ['test:8080/foo', ['test:8080', 'foo']],
  ['test.com:8080/foo', ['test.com:8080', 'foo']],
  ['test-com:8080/foo', ['test-com:8080', 'foo']],
  ['xn--n3h.com:18080/foo', ['xn--n3h.com:18080', 'foo']],
];

for (const [input, expected] of nameCases) {
  test(`TestFullNameRegexp ${input.slice(0, 60)}`, () => {
    assert.deepEqual(matchName(input), expected && { domain: expected[0], path: expected[1] });
  });
}

// Upstream regexp_test.go TestReferenceRegexp: [input, [name, tag, digest]] or null; '' is an unmatched group.
const referenceCases: Array<[input: string, expected: [name: string, tag: string, digest: string] | null]> = [
  ['registry.com:8080/myapp:tag', ['registry.com:8080/myapp', 'tag', '']],
  [`registry.com:8080/myapp@${DIGEST_BE17}`, ['registry.com:8080/myapp', '', DIGEST_BE17]],
  [`registry.com:8080/myapp:tag2@${DIGEST_BE17}`, ['registry.com:8080/myapp', 'tag2', DIGEST_BE17]],
  ['registry.com:8080/myapp@sha256:badbadbadbad', null],
  ['registry.com:8080/myapp:invalid~tag', null],
  ['bad_hostname.com:8080/myapp:tag', null],
  // localhost treated as name, missing tag with 8080 as tag
  [`localhost:8080@${DIGEST_BE17}`, ['localhost', '8080', DIGEST_BE17]],
  [`localhost:8080/name@${DIGEST_BE17}`, ['localhost:8080/name', '', DIGEST_BE17]],
  [`localhost:http/name@${DIGEST_BE17}`, null],
  // localhost will be treated as an image name without a host
  [`localhost@${DIGEST_BE17}`, ['localhost', '', DIGEST_BE17]],
  ['registry.com:8080/myapp@bad', null],
  ['registry.com:8080/myapp@2bad', null],
];

for (const [input, expected] of referenceCases) {
  test(`TestReferenceRegexp ${input}`, () => {
    const match = matchReference(input);
    const groups = match && [match.domain === '' ? match.path : `${match.domain}/${match.path}`, match.tag ?? '', match.digest ?? ''];
    assert.deepEqual(groups, expected);
  });
}

// Upstream regexp_test.go TestIdentifierRegexp.
const identifierCases: Array<[input: string, match: boolean]> = [
  ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821', true],
  ['7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C', false],
  ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf', false],
  ['sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821', false],
  ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482', false],
];

for (const [input, match] of identifierCases) {
  test(`TestIdentifierRegexp ${input}`, () => {
    assert.equal(isIdentifier(input), match);
  });
}

// Differential tests: the scanners must agree with the upstream regexps on
// short strings built from the pieces the grammar cares about.
test('matchReference and matchName agree with the upstream regexps', () => {
  fc.assert(
    fc.property(grammarInput, (input) => {
      const expected = upstream.reference.exec(input);
      const actual = matchReference(input);
      assert.equal(actual !== null, expected !== null);
      if (expected !== null && actual !== null) {
        const name = upstream.anchoredName.exec(expected[1]);
        assert.deepEqual([actual.domain, actual.path], [name?.[1] ?? '', name?.[2]]);
        assert.deepEqual([actual.tag, actual.digest], [expected[2] ?? null, expected[3] ?? null]);
      }
      const expectedName = upstream.anchoredName.exec(input);
      assert.deepEqual(matchName(input), expectedName && { domain: expectedName[1] ?? '', path: expectedName[2] });
    }),
    { numRuns: 20000 },
  );
});

test('the production predicates agree with the upstream regexps', () => {
  fc.assert(
    fc.property(grammarInput, (input) => {
      assert.equal(isDomainAndPort(input), upstream.anchoredDomainAndPort.test(input));
      assert.equal(isRemoteName(input), upstream.anchoredRemoteName.test(input));
      assert.equal(isTag(input), upstream.anchoredTag.test(input));
      assert.equal(isDigestFormat(input), upstream.anchoredDigest.test(input));
      assert.equal(isIdentifier(input), upstream.anchoredIdentifier.test(input));
    }),
    { numRuns: 20000 },
  );
});

test('tags are limited to 128 characters', () => {
  assert.equal(isTag('a'.repeat(128)), true);
  assert.equal(isTag('a'.repeat(129)), false);
});
