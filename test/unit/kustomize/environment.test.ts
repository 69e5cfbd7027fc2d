import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayEnvironment } from '../../../server/src/core/kustomize/environment';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

test('an overlay\'s environment comes from its path, user patterns first', () => {
  const profile = (file: string, settings = DEFAULT_SETTINGS) => overlayEnvironment(file, settings).profile;
  assert.equal(profile('deploy/overlays/prod/kustomization.yaml'), 'prod');
  assert.equal(profile('deploy/overlays/production/kustomization.yaml'), 'prod');
  assert.equal(profile('deploy/overlays/staging/kustomization.yaml'), 'staging');
  assert.equal(profile('deploy/overlays/dev/kustomization.yaml'), 'dev');
  assert.deepEqual(overlayEnvironment('deploy/base/kustomization.yaml', DEFAULT_SETTINGS), { profile: 'staging', source: 'default' });
  const custom = { ...DEFAULT_SETTINGS, profiles: [{ pattern: 'deploy/overlays/eu-live/**', profile: 'prod' as const }] };
  assert.deepEqual(overlayEnvironment('deploy/overlays/eu-live/kustomization.yaml', custom), { profile: 'prod', source: 'pattern' });
});
