import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateDigest } from '../../../server/src/core/reference/digest';

const ErrDigestInvalidFormat = 'invalid checksum digest format';
const ErrDigestInvalidLength = 'invalid checksum digest length';
const ErrDigestUnsupported = 'unsupported digest algorithm';

// go-digest v1.0.0 digest_test.go TestParseDigest; null means valid.
const cases: Array<[input: string, error: string | null]> = [
  ['sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b', null],
  ['sha384:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d', null],
  ['sha256:', ErrDigestInvalidFormat],
  [':', ErrDigestInvalidFormat],
  ['d41d8cd98f00b204e9800998ecf8427e', ErrDigestInvalidFormat],
  ['sha256:d41d8cd98f00b204e9800m98ecf8427e', ErrDigestInvalidLength],
  ['sha256:abcdef0123456789', ErrDigestInvalidLength],
  ['sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789', ErrDigestInvalidLength],
  ['foo:d41d8cd98f00b204e9800998ecf8427e', ErrDigestUnsupported],
  ['sha384__foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d', ErrDigestInvalidFormat],
  ['sha384.foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d', ErrDigestUnsupported],
  ['sha384_foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d', ErrDigestUnsupported],
  ['sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', ErrDigestUnsupported],
  ['sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B', ErrDigestInvalidFormat],
  // Beyond upstream: sha512 is available, an uppercase algorithm is not a known one.
  [`sha512:${'0'.repeat(128)}`, null],
  [`SHA256:${'0'.repeat(64)}`, ErrDigestInvalidFormat],
  [':abc', ErrDigestInvalidFormat],
  // Go measures the length in UTF-8 bytes: 63 + 2 bytes is too long, 62 + 2 is the right length.
  [`sha256:${'0'.repeat(63)}é`, ErrDigestInvalidLength],
  [`sha256:${'0'.repeat(62)}é`, ErrDigestInvalidFormat],
];

for (const [input, error] of cases) {
  test(`TestParseDigest ${input}`, () => {
    assert.equal(validateDigest(input), error);
  });
}
