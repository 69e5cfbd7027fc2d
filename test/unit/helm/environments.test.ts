import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverEnvironments } from '../../../server/src/core/helm/environments';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

const CHART = [
  'Chart.yaml',
  'values.yaml',
  'values.schema.json',
  'values-prod.yaml',
  'values.staging.yml',
  'values/dev.yaml',
  'values/qa.yaml',
  'ci/lint-values.yaml',
  'templates/values-x.yaml',
  'charts/sub/values-prod.yaml',
  'README.md',
];

test('environments come from values files next to the chart; the profile follows the name', () => {
  const environments = discoverEnvironments(CHART);
  assert.deepEqual(
    environments.map((e) => [e.name, e.valuesFiles, e.profile, e.profileSource]),
    [
      ['default', [], 'staging', 'default'],
      ['prod', ['values-prod.yaml'], 'prod', 'pattern'],
      ['staging', ['values.staging.yml'], 'staging', 'pattern'],
      ['dev', ['values/dev.yaml'], 'dev', 'pattern'],
      ['qa', ['values/qa.yaml'], 'staging', 'default'],
    ],
  );
});

test('extra patterns add environments; user profile patterns and the default profile apply', () => {
  const settings = { ...DEFAULT_SETTINGS, defaultProfile: 'dev' as const, profiles: [{ pattern: 'deploy/app/values/qa.yaml', profile: 'prod' as const }] };
  const environments = discoverEnvironments(CHART, { patterns: ['ci/*-values.yaml'], settings, chartDir: 'deploy/app' });
  assert.deepEqual(
    environments.map((e) => [e.name, e.profile]),
    [
      ['default', 'dev'],
      ['lint', 'dev'],
      ['prod', 'prod'],
      ['staging', 'staging'],
      ['dev', 'dev'],
      ['qa', 'prod'],
    ],
  );
});

test('two files naming the same environment stay apart', () => {
  const environments = discoverEnvironments(['values.yaml', 'values-prod.yaml', 'values/prod.yaml']);
  assert.deepEqual(
    environments.map((e) => e.name),
    ['default', 'prod', 'values/prod.yaml'],
  );
});
