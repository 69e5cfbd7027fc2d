import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildKustomization } from '../../../server/src/core/kustomize/build';
import type { BuiltContainer } from '../../../server/src/core/kustomize/buildResult';
import { rangeOfText } from './helpers';
import { nodeFileAccess } from './nodeFileAccess';

const FIXTURES = path.resolve(__dirname, '../../fixtures/kustomize');
const fixture = (relative: string) => path.join(FIXTURES, relative);
const read = (relative: string) => readFileSync(fixture(relative), 'utf8');

function containerOf(overlay: string, name: string): BuiltContainer {
  const build = buildKustomization(nodeFileAccess, fixture(overlay));
  const found = build.containers.find((container) => container.container === name);
  assert.ok(found, `no container ${name} in ${overlay}`);
  return found;
}

test('an images entry: the deployed image, the resource line it came from, and the entry ranges', () => {
  const api = containerOf('shop/overlays/prod', 'api');
  assert.equal(api.image, 'registry.example.com/shop/api:2.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
  assert.deepEqual(api.resource, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'prod-api', namespace: 'shop-prod' });
  assert.equal(api.containerPath, 'spec.template.spec.containers[0]');
  assert.deepEqual(api.imagePlace, { file: fixture('shop/base/api.yaml'), range: rangeOfText(read('shop/base/api.yaml'), 'shop/api') });
  assert.equal(api.pullPolicy.effective, 'IfNotPresent');
  assert.equal(api.pullPolicy.rule, 'default-other-tag');
  const entry = api.imagesEntry;
  assert.ok(entry);
  const kustomization = read('shop/overlays/prod/kustomization.yaml');
  assert.equal(entry.kustomizationFile, fixture('shop/overlays/prod/kustomization.yaml'));
  assert.equal(entry.before, 'shop/api');
  assert.deepEqual(entry.entry.name?.range, rangeOfText(kustomization, 'shop/api'));
  assert.deepEqual(entry.entry.newName?.range, rangeOfText(kustomization, 'registry.example.com/shop/api'));
  assert.deepEqual(entry.entry.newTag?.range, rangeOfText(kustomization, '2.0.0'), 'inside the quotes');
  assert.deepEqual(entry.entry.digest?.range, rangeOfText(kustomization, 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'));
  assert.equal(entry.entry.range.start.line, rangeOfText(kustomization, 'name: shop/api').start.line);
});

test('where a new digest line goes: after the entry, with its indentation, in the file\'s line breaks', () => {
  const api = containerOf('shop/overlays/staging', 'api');
  const kustomization = read('shop/overlays/staging/kustomization.yaml');
  const newTagLine = rangeOfText(kustomization, 'newTag: 2.0.0-rc.1');
  assert.deepEqual(api.imagesEntry?.digestInsertion, { position: newTagLine.end, prefix: '\n    ' });
  const busybox = containerOf('matching/overlays/staging', 'init');
  const flow = read('matching/overlays/staging/kustomization.yaml');
  assert.deepEqual(busybox.imagesEntry?.digestInsertion, { position: rangeOfText(flow, 'registry.k8s.io/busybox').end, prefix: ', ' });
});

test('an image without any transformation has no entry; an ephemeral container is not rewritten', () => {
  const web = containerOf('shop/overlays/staging', 'web');
  assert.equal(web.imagesEntry, null);
  assert.deepEqual(web.changes, []);
  const debuggerContainer = containerOf('kinds/overlays/dev', 'debugger');
  assert.equal(debuggerContainer.image, 'acme/tools:2.3');
  assert.deepEqual(debuggerContainer.imagePlace, { file: fixture('kinds/base/pod.yaml'), range: rangeOfText(read('kinds/base/pod.yaml'), 'acme/tools:2.3', 1) });
});

test('entries in a base and in the overlay: the last one that changed the image wins, all are kept in order', () => {
  const gateway = containerOf('chaining/overlays/prod', 'gateway');
  assert.equal(gateway.image, 'acme/gateway-fips:1.8.2');
  assert.deepEqual(
    gateway.changes.map((change) => (change.kind === 'images' ? `${path.relative(FIXTURES, change.kustomizationFile)}#${change.entry.index}: ${change.before} → ${change.after}` : 'patch')),
    [
      'chaining/base/kustomization.yaml#0: gcr.io/acme/gateway:1.8 → acme/gateway:1.8',
      'chaining/overlays/prod/kustomization.yaml#0: acme/gateway:1.8 → acme/gateway-fips:1.8',
      'chaining/overlays/prod/kustomization.yaml#1: acme/gateway-fips:1.8 → acme/gateway-fips:1.8.2',
    ],
  );
  assert.equal(gateway.imagesEntry?.entry.index, 1);
});

test('a strategic merge patch file: image and policy provenance point into the patch', () => {
  const billing = containerOf('smp/overlays/dev', 'billing');
  const patch = read('smp/overlays/dev/pull-always.yaml');
  assert.equal(billing.image, 'acme/billing:latest');
  assert.equal(billing.imagePatch?.place.file, fixture('smp/overlays/dev/pull-always.yaml'));
  assert.deepEqual(billing.imagePatch?.place.range, rangeOfText(patch, 'acme/billing:latest'));
  assert.equal(billing.imagePatch?.before, 'acme/billing:5.0');
  assert.deepEqual(billing.policyPlace, { file: fixture('smp/overlays/dev/pull-always.yaml'), range: rangeOfText(patch, 'Always') });
  assert.deepEqual(billing.imagePlace, { file: fixture('smp/base/deploy.yaml'), range: rangeOfText(read('smp/base/deploy.yaml'), 'acme/billing:5.0') });
});

test('JSON6902 patches from a file and inline: the operation value is the provenance', () => {
  const postgres = containerOf('json6902/overlays/staging', 'postgres');
  assert.deepEqual(postgres.imagePatch?.place, { file: fixture('json6902/overlays/staging/image-patch.yaml'), range: rangeOfText(read('json6902/overlays/staging/image-patch.yaml'), 'postgres:16.3') });
  const init = containerOf('json6902/overlays/prod', 'init-perms');
  const kustomization = read('json6902/overlays/prod/kustomization.yaml');
  assert.equal(init.image, 'busybox:1.36.1');
  assert.deepEqual(init.imagePlace, { file: fixture('json6902/overlays/prod/kustomization.yaml'), range: rangeOfText(kustomization, 'busybox:latest') });
});

test('a container added by an inline strategic merge patch in a component points at its line in the component', () => {
  const proxy = containerOf('components/overlays/dev', 'proxy');
  const component = read('components/components/sidecar/kustomization.yaml');
  assert.deepEqual(proxy.imagePlace, { file: fixture('components/components/sidecar/kustomization.yaml'), range: rangeOfText(component, 'envoyproxy/envoy:v1.30.1') });
  assert.deepEqual(proxy.policyPlace?.range, rangeOfText(component, 'IfNotPresent'));
});

test('resources as rendered and every file the build read', () => {
  const build = buildKustomization(nodeFileAccess, fixture('nested/overlays/dev'));
  assert.deepEqual(
    build.resources.map((resource) => resource.resource),
    [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'dev-team-common-worker', namespace: 'dev' }],
  );
  assert.equal(build.resources[0]?.origin.file, fixture('nested/common/worker.yaml'));
  assert.equal(build.kustomizationFile, fixture('nested/overlays/dev/kustomization.yaml'));
  for (const file of ['nested/overlays/dev/kustomization.yaml', 'nested/team/kustomization.yaml', 'nested/common/kustomization.yaml', 'nested/common/worker.yaml']) {
    assert.ok(build.filesRead.includes(fixture(file)), file);
  }
  const services = buildKustomization(nodeFileAccess, fixture('shop/overlays/staging')).resources.filter((resource) => resource.resource.kind === 'Service');
  assert.deepEqual(services.map((resource) => resource.resource.name), ['api-stg']);
});
