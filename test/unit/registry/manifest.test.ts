import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeDigest, digestMatches, isDigest } from '../../../server/src/registry/digest';
import { MANIFEST_ACCEPT, MediaType, baseMediaType, formatPlatform, parseManifest } from '../../../server/src/registry/manifest';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const enc = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

test('Accept list names the four manifest types, index types first, never */*', () => {
  assert.equal(MANIFEST_ACCEPT.split(', ')[0], MediaType.ociIndex);
  assert.equal(MANIFEST_ACCEPT.split(', ').length, 4);
  assert.ok(!MANIFEST_ACCEPT.includes('*/*'));
});

test('digests', () => {
  const bytes = Buffer.from('hello');
  const dg = computeDigest(bytes);
  assert.equal(dg, 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  assert.ok(isDigest(dg));
  assert.ok(digestMatches(dg, bytes));
  assert.ok(!digestMatches(dg, Buffer.from('hello ')));
  assert.ok(digestMatches(computeDigest(bytes, 'sha512'), bytes));
  assert.ok(!isDigest('sha256:ABC'));
  assert.ok(!isDigest('md5:' + 'a'.repeat(32)));
});

test('parse an OCI index with platforms, skipping attestations', () => {
  const body = enc({
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: [
      { mediaType: MediaType.ociManifest, digest: d('a'), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: MediaType.ociManifest, digest: d('b'), size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { mediaType: MediaType.ociManifest, digest: d('c'), size: 1, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    ],
  });
  const m = parseManifest(body, 'application/vnd.oci.image.index.v1+json');
  assert.equal(m.isIndex, true);
  assert.deepEqual(m.platforms, [
    { os: 'linux', architecture: 'amd64', digest: d('a') },
    { os: 'linux', architecture: 'arm64', variant: 'v8', digest: d('b') },
  ]);
  assert.equal(formatPlatform(m.platforms![1]!), 'linux/arm64/v8');
});

test('media type from Content-Type or shape when the body has none', () => {
  const list = enc({ schemaVersion: 2, manifests: [] });
  assert.equal(parseManifest(list, `${MediaType.dockerList}; charset=utf-8`).mediaType, MediaType.dockerList);
  assert.equal(parseManifest(list, 'application/json').mediaType, MediaType.ociIndex);
  const single = enc({ schemaVersion: 2, config: { digest: d('1') }, layers: [] });
  assert.deepEqual(parseManifest(single, undefined), { mediaType: MediaType.ociManifest, isIndex: false, platforms: null });
  assert.equal(baseMediaType(' Application/JSON ; q=1'), 'application/json');
});

test('truncated, schema1, unknown or malformed bodies are rejected', () => {
  const good = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config: {}, layers: [] });
  assert.throws(() => parseManifest(Buffer.from(good.slice(0, good.length / 2)), MediaType.dockerManifest), /not valid JSON/);
  assert.throws(() => parseManifest(enc({ schemaVersion: 1, name: 'x' }), undefined), /schemaVersion/);
  assert.throws(() => parseManifest(enc({ schemaVersion: 2, mediaType: 'text/html' }), undefined), /media type/);
  assert.throws(() => parseManifest(enc({ schemaVersion: 2, mediaType: MediaType.ociIndex }), undefined), /manifests/);
  assert.throws(() => parseManifest(enc({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ digest: 'nope' }] }), undefined), /invalid digest/);
  assert.throws(() => parseManifest(enc({ schemaVersion: 2, mediaType: MediaType.ociManifest }), undefined), /config or layers/);
});
