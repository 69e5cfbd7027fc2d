import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDigest } from '../../../server/src/core/reference/pinnedImage';
import { parseImageReference } from '../../../server/src/core/reference/parseReference';

const NEW = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;

const cases: Array<[image: string, keepTag: string, digestOnly: string]> = [
  ['nginx', `nginx@${NEW}`, `nginx@${NEW}`],
  ['nginx:1.25', `nginx:1.25@${NEW}`, `nginx@${NEW}`],
  [`nginx@${OLD}`, `nginx@${NEW}`, `nginx@${NEW}`],
  [`nginx:1.25@${OLD}`, `nginx:1.25@${NEW}`, `nginx@${NEW}`],
  ['docker.io/library/nginx:1.25', `docker.io/library/nginx:1.25@${NEW}`, `docker.io/library/nginx@${NEW}`],
  ['localhost:5000/team/app:v2', `localhost:5000/team/app:v2@${NEW}`, `localhost:5000/team/app@${NEW}`],
  ['[::1]:5000/app', `[::1]:5000/app@${NEW}`, `[::1]:5000/app@${NEW}`],
  // A tag that looks like a port stays a tag.
  ['localhost:5000', `localhost:5000@${NEW}`, `localhost@${NEW}`],
];

for (const [image, keepTag, digestOnly] of cases) {
  test(`withDigest ${image}`, () => {
    assert.equal(withDigest(image, NEW, 'keepTag'), keepTag);
    assert.equal(withDigest(image, NEW, 'digestOnly'), digestOnly);
    assert.equal(parseImageReference(keepTag).digest, NEW);
  });
}

test('withDigest throws the Go error for an invalid reference', () => {
  assert.throws(() => withDigest('Nginx', NEW, 'keepTag'), { message: 'invalid reference format: repository name (library/Nginx) must be lowercase' });
  assert.throws(() => withDigest('', NEW, 'keepTag'), { message: 'invalid reference format' });
});

// Upstream normalize_test.go TestInvalidReferenceComponents: WithDigest(ref, "foo") fails.
test('withDigest throws on a malformed digest', () => {
  assert.throws(() => withDigest('busybox', 'foo', 'keepTag'), { message: 'invalid digest format' });
  assert.throws(() => withDigest('busybox', `sha256:${'A'.repeat(64)}`, 'keepTag'), { message: 'invalid checksum digest format' });
  assert.throws(() => withDigest('busybox', `sha256:${'a'.repeat(40)}`, 'keepTag'), { message: 'invalid checksum digest length' });
  assert.throws(() => withDigest('busybox', `md5:${'a'.repeat(32)}`, 'keepTag'), { message: 'unsupported digest algorithm' });
});
