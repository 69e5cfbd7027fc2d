import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isImageMatched, rewriteImage, splitImage } from '../../../server/src/core/kustomize/imageTag';

// Cases after kustomize's api/internal/image/image_test.go (v0.20.1), plus its regular-expression quirks.
const MATCHES: Array<[string, string, boolean]> = [
  ['nginx', 'nginx', true],
  ['nginx:12345', 'nginx', true],
  ['nginx@sha256:xyz', 'nginx', true],
  ['nginx:12345@sha256:xyz', 'nginx', true],
  ['apache:12345', 'nginx', false],
  ['nginx-exporter:1', 'nginx', false],
  ['nginx:1.25', 'nginx:1.25', true],
  ['nginx:1.26', 'nginx:1.25', false],
  ['gcrxio/app:1', 'gcr.io/app', true],
  ['app', '[', false],
];

test('isImageMatched: the entry name is an anchored regular expression with optional tag and sha256 digest', () => {
  for (const [image, name, matched] of MATCHES) {
    assert.equal(isImageMatched(image, name), matched, `${image} ~ ${name}`);
  }
});

const SPLITS: Array<[string, string, string, string]> = [
  ['nginx', 'nginx', '', ''],
  ['nginx:1.2.3', 'nginx', '1.2.3', ''],
  ['nginx@sha256:12345', 'nginx', '', 'sha256:12345'],
  ['nginx:1.2.3@sha256:12345', 'nginx', '1.2.3', 'sha256:12345'],
  ['docker.io/nginx:1.2.3', 'docker.io/nginx', '1.2.3', ''],
  ['foo.com:443/nginx:1.2.3', 'foo.com:443/nginx', '1.2.3', ''],
  ['foo.com:443/nginx:1.2.3@sha256:12345', 'foo.com:443/nginx', '1.2.3', 'sha256:12345'],
  ['foo.com:443/nginx', 'foo.com:443/nginx', '', ''],
];

test('splitImage: `:` and `@` are looked for after the first slash only', () => {
  for (const [image, name, tag, digest] of SPLITS) {
    assert.deepEqual(splitImage(image), { name, tag, digest }, image);
  }
});

test('rewriteImage: newTag and digest replace both old tag and digest; with both, name:newTag@digest', () => {
  const rule = { name: 'app', newName: '', newTag: '', digest: '', tagSuffix: '' };
  assert.equal(rewriteImage('app:1@sha256:aa', { ...rule, newTag: '2' }), 'app:2');
  assert.equal(rewriteImage('app:1', { ...rule, digest: 'sha256:bb' }), 'app@sha256:bb');
  assert.equal(rewriteImage('app:1', { ...rule, newTag: '2', digest: 'sha256:bb' }), 'app:2@sha256:bb');
  assert.equal(rewriteImage('app:1', { ...rule, newName: 'reg.example.com/app' }), 'reg.example.com/app:1');
  assert.equal(rewriteImage('app:1', { ...rule, tagSuffix: '-debug' }), 'app:1-debug');
  assert.equal(rewriteImage('other:1', { ...rule, newTag: '2' }), null);
});
