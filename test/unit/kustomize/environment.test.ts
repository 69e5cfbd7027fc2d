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
  const chosen = (file: string, settings = DEFAULT_SETTINGS) => {
    const { profile: name, source } = overlayEnvironment(file, settings);
    return { profile: name, source };
  };
  assert.deepEqual(chosen('deploy/base/kustomization.yaml'), { profile: 'staging', source: 'default' });
  const custom = { ...DEFAULT_SETTINGS, profiles: [{ pattern: 'deploy/overlays/eu-live/**', profile: 'prod' as const }] };
  assert.deepEqual(chosen('deploy/overlays/eu-live/kustomization.yaml', custom), { profile: 'prod', source: 'pattern' });
});
