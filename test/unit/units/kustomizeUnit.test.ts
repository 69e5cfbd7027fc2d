/** Where a kustomize unit reports a deployed image: the last change of the image, where the fix goes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { kustomizeUnit } from '../../../server/src/core/units/kustomizeUnit';
import { memoryFiles, rangeOfText } from '../kustomize/helpers';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: not/a/valid/image\n';
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: busybox:1.36\n';

function onlyImage(files: Record<string, string>) {
  const unit = kustomizeUnit({ files: memoryFiles(files), directory: 'app', relativeDirectory: 'app', settings: DEFAULT_SETTINGS });
  assert.ok(unit);
  assert.equal(unit.images.length, 1);
  return unit.images[0]!;
}

test('a patch that sets the image: reported on the patch value, the resource line as origin', () => {
  const image = onlyImage({ 'app/kustomization.yaml': 'resources:\n  - deployment.yaml\npatchesStrategicMerge:\n  - patch.yaml\n', 'app/deployment.yaml': DEPLOYMENT, 'app/patch.yaml': PATCH });
  assert.equal(image.reference.familiar, 'busybox:1.36');
  assert.equal(image.file, 'app/patch.yaml');
  assert.deepEqual(image.range, rangeOfText(PATCH, 'busybox:1.36'));
  assert.equal(image.origin.file, 'app/deployment.yaml');
  assert.deepEqual(image.origin.range, rangeOfText(DEPLOYMENT, 'not/a/valid/image'));
});

test('an images: entry applied after the patch: reported on the entry', () => {
  const kustomization = 'resources:\n  - deployment.yaml\npatchesStrategicMerge:\n  - patch.yaml\nimages:\n  - name: busybox\n    newTag: "1.37"\n';
  const image = onlyImage({ 'app/kustomization.yaml': kustomization, 'app/deployment.yaml': DEPLOYMENT, 'app/patch.yaml': PATCH });
  assert.equal(image.reference.familiar, 'busybox:1.37');
  assert.equal(image.file, 'app/kustomization.yaml');
  assert.deepEqual(image.range, rangeOfText(kustomization, '1.37'));
});
