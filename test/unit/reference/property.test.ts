import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseImageReference } from '../../../server/src/core/reference/parseReference';
import { parseKubeletImageName } from './kubeletImageName';
import { referenceLike } from './arbitraries';

// Characters the grammar reacts to, so long inputs get deep into every scanner.
const grammarHeavy = fc.string({ unit: fc.constantFrom(...'aZ0f_.-/:@[]'.split('')), maxLength: 200 });
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), grammarHeavy, referenceLike);

test('parsing never throws and reports either a result or an error', () => {
  fc.assert(
    fc.property(anyString, (image) => {
      const info = parseImageReference(image);
      assert.equal(info.valid, info.error === null);
      assert.equal(info.valid, info.normalized !== null);
      const kubelet = parseKubeletImageName(image);
      assert.equal('error' in kubelet, !info.valid);
    }),
    { numRuns: 5000 },
  );
});

// Not true of the familiar form: `docker.io/localhost/x` is familiar `localhost/x`, a different image.
test('the normalized form of a valid reference parses to itself', () => {
  fc.assert(
    fc.property(referenceLike, (image) => {
      const { normalized } = parseImageReference(image);
      if (normalized !== null) {
        assert.equal(parseImageReference(normalized).normalized, normalized);
      }
    }),
    { numRuns: 5000 },
  );
});

// Adversarial shapes that make backtracking regexps blow up; the parser must stay linear.
const longRepetitions = fc
  .tuple(fc.constantFrom('a', 'a-', 'a_', 'a.', 'a/', 'a__', 'a--', 'A', '1.', '[:', ':1', '@a', 'f'), fc.constantFrom('', '!', '/', ':', '@', '-', 'A'))
  .map(([unit, tail]) => unit.repeat(Math.ceil(200_000 / unit.length)) + tail);

test('200k-character inputs finish', () => {
  fc.assert(
    fc.property(longRepetitions, (image) => {
      parseImageReference(image);
      parseImageReference(`x.io/${image}`);
      parseImageReference(`a:${image}`);
      parseImageReference(`a@sha256:${image}`);
    }),
    { numRuns: 60 },
  );
});

test('random 200k-character inputs finish', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'a0-_./:@['.split('')), minLength: 200_000, maxLength: 200_000 }), (image) => {
      parseImageReference(image);
    }),
    { numRuns: 5 },
  );
});
