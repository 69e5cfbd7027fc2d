import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, referenceName, referenceString } from '../../../server/src/core/reference/reference';

const F64 = 'f'.repeat(64);
const F128 = 'f'.repeat(128);

const ErrNameEmpty = 'repository name must have at least one component';
const ErrReferenceInvalidFormat = 'invalid reference format';
const ErrNameContainsUppercase = 'repository name must be lowercase';
const ErrNameTooLong = 'repository name must not be more than 255 characters';
const ErrDigestInvalidLength = 'invalid checksum digest length';
const ErrDigestUnsupported = 'unsupported digest algorithm';

interface ParseCase {
  input: string;
  err?: string;
  /** `Name()` */
  repository?: string;
  domain?: string;
  tag?: string;
  digest?: string;
}

// Upstream reference_test.go TestReferenceParse (Go's `Parse`, no normalization).
const cases: ParseCase[] = [
  { input: 'test_com', repository: 'test_com' },
  { input: 'test.com:tag', repository: 'test.com', tag: 'tag' },
  { input: 'test.com:5000', repository: 'test.com', tag: '5000' },
  { input: 'test.com/repo:tag', domain: 'test.com', repository: 'test.com/repo', tag: 'tag' },
  { input: 'test:5000/repo', domain: 'test:5000', repository: 'test:5000/repo' },
  { input: 'test:5000/repo:tag', domain: 'test:5000', repository: 'test:5000/repo', tag: 'tag' },
  { input: `test:5000/repo@sha256:${F64}`, domain: 'test:5000', repository: 'test:5000/repo', digest: `sha256:${F64}` },
  { input: `test:5000/repo:tag@sha256:${F64}`, domain: 'test:5000', repository: 'test:5000/repo', tag: 'tag', digest: `sha256:${F64}` },
  { input: 'test:5000/repo', domain: 'test:5000', repository: 'test:5000/repo' },
  { input: '', err: ErrNameEmpty },
  { input: ':justtag', err: ErrReferenceInvalidFormat },
  { input: `@sha256:${F64}`, err: ErrReferenceInvalidFormat },
  { input: 'repo@sha256:ffffffffffffffffffffffffffffffffff', err: ErrDigestInvalidLength },
  { input: `validname@invaliddigest:${F64}`, err: ErrDigestUnsupported },
  // Upstream expects ErrDigestUnsupported here only because its test binary does not
  // link crypto/sha512; Kubernetes' parser imports it, so sha512 is available.
  { input: `validname@sha512:${F128}`, repository: 'validname', digest: `sha512:${F128}` },
  { input: 'Uppercase:tag', err: ErrNameContainsUppercase },
  // Upstream FIXME: "Uppercase" is handled as a domain name, so this parses.
  { input: 'Uppercase/lowercase:tag', domain: 'Uppercase', repository: 'Uppercase/lowercase', tag: 'tag' },
  { input: 'test:5000/Uppercase/lowercase:tag', err: ErrNameContainsUppercase },
  { input: 'lowercase:Uppercase', repository: 'lowercase', tag: 'Uppercase' },
  { input: `domain/${'a'.repeat(256)}:tag`, err: ErrNameTooLong },
  { input: `${'a/'.repeat(127)}a:tag-puts-this-over-max`, domain: 'a', repository: `${'a/'.repeat(127)}a`, tag: 'tag-puts-this-over-max' },
  { input: 'aa/asdf$$^/aa', err: ErrReferenceInvalidFormat },
  { input: 'sub-dom1.foo.com/bar/baz/quux', domain: 'sub-dom1.foo.com', repository: 'sub-dom1.foo.com/bar/baz/quux' },
  {
    input: 'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
    domain: 'sub-dom1.foo.com',
    repository: 'sub-dom1.foo.com/bar/baz/quux',
    tag: 'some-long-tag',
  },
  {
    input: 'b.gcr.io/test.example.com/my-app:test.example.com',
    domain: 'b.gcr.io',
    repository: 'b.gcr.io/test.example.com/my-app',
    tag: 'test.example.com',
  },
  { input: 'xn--n3h.com/myimage:xn--n3h.com', domain: 'xn--n3h.com', repository: 'xn--n3h.com/myimage', tag: 'xn--n3h.com' },
  {
    input: `xn--7o8h.com/myimage:xn--7o8h.com@sha256:${F64}`,
    domain: 'xn--7o8h.com',
    repository: 'xn--7o8h.com/myimage',
    tag: 'xn--7o8h.com',
    digest: `sha256:${F64}`,
  },
  // The v0.6.0 version of the case above, with sha512.
  {
    input: `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${F128}`,
    domain: 'xn--7o8h.com',
    repository: 'xn--7o8h.com/myimage',
    tag: 'xn--7o8h.com',
    digest: `sha512:${F128}`,
  },
  { input: 'foo_bar.com:8080', repository: 'foo_bar.com', tag: '8080' },
  { input: 'foo/foo_bar.com:8080', domain: 'foo', repository: 'foo/foo_bar.com', tag: '8080' },
  { input: '192.168.1.1', repository: '192.168.1.1' },
  { input: '192.168.1.1:tag', repository: '192.168.1.1', tag: 'tag' },
  { input: '192.168.1.1:5000', repository: '192.168.1.1', tag: '5000' },
  { input: '192.168.1.1/repo', domain: '192.168.1.1', repository: '192.168.1.1/repo' },
  { input: '192.168.1.1:5000/repo', domain: '192.168.1.1:5000', repository: '192.168.1.1:5000/repo' },
  { input: '192.168.1.1:5000/repo:5050', domain: '192.168.1.1:5000', repository: '192.168.1.1:5000/repo', tag: '5050' },
  { input: '[2001:db8::1]', err: ErrReferenceInvalidFormat },
  { input: '[2001:db8::1]:5000', err: ErrReferenceInvalidFormat },
  { input: '[2001:db8::1]:tag', err: ErrReferenceInvalidFormat },
  { input: '[2001:db8::1]/repo', domain: '[2001:db8::1]', repository: '[2001:db8::1]/repo' },
  { input: '[2001:db8:1:2:3:4:5:6]/repo:tag', domain: '[2001:db8:1:2:3:4:5:6]', repository: '[2001:db8:1:2:3:4:5:6]/repo', tag: 'tag' },
  { input: '[2001:db8::1]:5000/repo', domain: '[2001:db8::1]:5000', repository: '[2001:db8::1]:5000/repo' },
  { input: '[2001:db8::1]:5000/repo:tag', domain: '[2001:db8::1]:5000', repository: '[2001:db8::1]:5000/repo', tag: 'tag' },
  {
    input: `[2001:db8::1]:5000/repo@sha256:${F64}`,
    domain: '[2001:db8::1]:5000',
    repository: '[2001:db8::1]:5000/repo',
    digest: `sha256:${F64}`,
  },
  {
    input: `[2001:db8::1]:5000/repo:tag@sha256:${F64}`,
    domain: '[2001:db8::1]:5000',
    repository: '[2001:db8::1]:5000/repo',
    tag: 'tag',
    digest: `sha256:${F64}`,
  },
  { input: '[2001:db8::]:5000/repo', domain: '[2001:db8::]:5000', repository: '[2001:db8::]:5000/repo' },
  { input: '[::1]:5000/repo', domain: '[::1]:5000', repository: '[::1]:5000/repo' },
  { input: '[fe80::1%eth0]:5000/repo', err: ErrReferenceInvalidFormat },
  { input: '[fe80::1%@invalidzone]:5000/repo', err: ErrReferenceInvalidFormat },
  // Since v0.6.0 the 255 limit applies to the path only.
  { input: `example.com/${'a'.repeat(255)}:tag`, domain: 'example.com', repository: `example.com/${'a'.repeat(255)}`, tag: 'tag' },
  // Upstream reference_test.go TestSerialization (parses through `Parse`).
  { input: 'example.com:8000/named', domain: 'example.com:8000', repository: 'example.com:8000/named' },
  { input: 'example.com:8000/named:tagged', domain: 'example.com:8000', repository: 'example.com:8000/named', tag: 'tagged' },
  {
    input: 'other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112',
    domain: 'other.com',
    repository: 'other.com/named',
    digest: 'sha256:1234567890098765432112345667890098765432112345667890098765432112',
  },
];

for (const tc of cases) {
  test(`TestReferenceParse ${tc.input.slice(0, 80)}`, () => {
    const result = parse(tc.input);
    if (tc.err !== undefined) {
      assert.deepEqual(result, { ok: false, error: tc.err });
      return;
    }
    assert.ok(result.ok, `unexpected parse error: ${result.ok ? '' : result.error}`);
    const { reference } = result;
    assert.equal(referenceString(reference), tc.input);
    assert.equal(referenceName(reference), tc.repository);
    assert.equal(reference.domain, tc.domain ?? '');
    assert.equal(reference.tag, tc.tag ?? null);
    assert.equal(reference.digest, tc.digest ?? null);
  });
}

test('uppercase that still fails once lowercased is a format error, not an uppercase error', () => {
  assert.deepEqual(parse('Upper$case'), { ok: false, error: ErrReferenceInvalidFormat });
});

test('U+0130 lowercases to an ASCII i as in Go, so the name is "only" uppercase', () => {
  assert.deepEqual(parse('\u0130mage'), { ok: false, error: ErrNameContainsUppercase });
});

test('a digest is validated after the length limit', () => {
  assert.deepEqual(parse(`x.io/${'a'.repeat(256)}@sha256:abc${'0'.repeat(29)}`), { ok: false, error: ErrNameTooLong });
});
