/** Hovers on a unit: a values key (per environment side by side), a template's image line, a kustomize images: entry and base resource. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { kustomizeUnit } from '../../../server/src/core/units/kustomizeUnit';
import type { UnitAnalysis } from '../../../server/src/core/units/unitAnalysis';
import { unitHoverMarkdown, unitsHoverMarkdown } from '../../../server/src/core/units/unitHover';
import { memoryFiles } from '../kustomize/helpers';
import { LATEST_TAG_CHART, unitOf } from './helmUnitFixture';
import { hoverRows } from './hoverTable';

describe('hover on a Helm chart', () => {
  const unit = unitOf(LATEST_TAG_CHART);
  const web = 'Deployment/release-name-web/web';

  test('on tag: latest in values.yaml: every environment side by side, prod saying where its value is set', () => {
    const markdown = unitHoverMarkdown(unit, 'chart/values.yaml', { line: 3, character: 9 });
    assert.deepEqual(hoverRows(markdown), [
      ['default', '`ghcr.io/example/web:latest`', 'IfNotPresent (explicit)', web],
      ['dev', '`ghcr.io/example/web:latest`', 'IfNotPresent (explicit)', web],
      ['prod (set in `values-prod.yaml:2`)', '`ghcr.io/example/web:latest`', 'Always (explicit)', web],
    ]);
    assert.match(markdown ?? '', /this tag feeds 1 container/);
    assert.match(markdown ?? '', /- `templates\/deployment.yaml:10`/);
  });

  test('on a subchart default: the image of every environment and the defaulting rule', () => {
    const markdown = unitHoverMarkdown(unit, 'chart/charts/cache/values.yaml', { line: 2, character: 9 });
    assert.deepEqual(
      hoverRows(markdown).map((row) => row.slice(0, 3)),
      ['default', 'dev', 'prod'].map((environment) => [environment, '`docker.io/library/redis:7.2`', 'IfNotPresent (default-other-tag)']),
    );
    assert.match(markdown ?? '', /IfNotPresent: /);
  });

  test("on a template's image line: the rendered value per environment and the values it came from", () => {
    const markdown = unitHoverMarkdown(unit, 'chart/templates/deployment.yaml', { line: 9, character: 20 });
    assert.equal(hoverRows(markdown).length, 3);
    assert.match(markdown ?? '', /- tag `values.yaml:4` \(default, dev\)/);
    assert.match(markdown ?? '', /- tag `values-prod.yaml:2` \(prod\)/);
    // A template line writes no literal image: no "before" to show.
    assert.doesNotMatch(markdown ?? '', /→/);
  });

  test('elsewhere: nothing', () => {
    assert.equal(unitHoverMarkdown(unit, 'chart/values.yaml', { line: 0, character: 0 }), null);
    assert.equal(unitHoverMarkdown(unit, 'chart/Chart.yaml', { line: 1, character: 1 }), null);
  });
});

describe('hover on a kustomization', () => {
  const deployment = (name: string, image: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n`;
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources:\n  - api.yaml\n  - worker.yaml\n',
    'base/api.yaml': deployment('api', 'example/api:1.0'),
    'base/worker.yaml': deployment('worker', 'example/api:1.0'),
    'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamePrefix: prod-\nimages:\n  - name: example/api\n    newTag: latest\n',
    'overlays/staging/kustomization.yaml': `resources:\n  - ../../base\nimages:\n  - name: example/api\n    newName: registry.example.com/api\n    digest: sha256:${'a'.repeat(64)}\n`,
    'overlays/patched/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: api-image.yaml\n',
    'overlays/patched/api-image.yaml': deployment('api', 'example/api:2.0'),
  };
  const unitOf = (directory: string): UnitAnalysis => {
    const unit = kustomizeUnit({ files: memoryFiles(files), directory, relativeDirectory: directory, settings: DEFAULT_SETTINGS });
    assert.ok(unit, directory);
    return unit;
  };
  const units = ['overlays/staging', 'base', 'overlays/prod', 'overlays/patched'].map(unitOf);
  const prodEntry = 'overlays/prod/kustomization.yaml';

  test("on the overlay's newTag: each container it rewrites, before → after, named relative to the overlay, with the policy rule", () => {
    const markdown = unitsHoverMarkdown(units, prodEntry, { line: 5, character: 13 });
    assert.deepEqual(hoverRows(markdown), [
      ['Deployment/prod-api/api', '`../../base/api.yaml:10`', '`example/api:1.0` → `example/api:latest`', 'Always (default-latest-tag)'],
      ['Deployment/prod-worker/worker', '`../../base/worker.yaml:10`', '`example/api:1.0` → `example/api:latest`', 'Always (default-latest-tag)'],
    ]);
    assert.match(markdown ?? '', /Kustomize `overlays\/prod`: 2 containers rewritten here/);
    assert.match(markdown ?? '', /Environment: prod \(from the overlay path\)/);
    assert.match(markdown ?? '', /- Always: .*"latest"/);
  });

  test('on the name: line of the entry: the same containers', () => {
    assert.deepEqual(hoverRows(unitsHoverMarkdown(units, prodEntry, { line: 4, character: 6 })), hoverRows(unitsHoverMarkdown(units, prodEntry, { line: 5, character: 13 })));
  });

  test('a newName and digest entry: the whole new reference after the arrow', () => {
    const [api] = hoverRows(unitsHoverMarkdown(units, 'overlays/staging/kustomization.yaml', { line: 5, character: 14 }));
    assert.equal(api?.[2], `\`example/api:1.0\` → \`registry.example.com/api@sha256:${'a'.repeat(64)}\``);
  });

  test('a patch value that sets the image: before as the base writes it, after as the patch sets it', () => {
    assert.deepEqual(hoverRows(unitsHoverMarkdown(units, 'overlays/patched/api-image.yaml', { line: 9, character: 20 })), [
      ['Deployment/api/api', '`../../base/api.yaml:10`', '`example/api:1.0` → `example/api:2.0`', 'IfNotPresent (default-other-tag)'],
    ]);
  });

  test("on the base resource's image: every kustomization that includes it, side by side, and where each set its image", () => {
    const markdown = unitsHoverMarkdown(units, 'base/api.yaml', { line: 9, character: 20 });
    assert.deepEqual(hoverRows(markdown), [
      ['`base`', 'staging', '`example/api:1.0`', 'IfNotPresent (default-other-tag)', 'as written', 'Deployment/api/api'],
      ['`overlays/patched`', 'staging', '`example/api:2.0`', 'IfNotPresent (default-other-tag)', '`api-image.yaml:10`', 'Deployment/api/api'],
      ['`overlays/prod`', 'prod', '`example/api:latest`', 'Always (default-latest-tag)', '`kustomization.yaml:6`', 'Deployment/prod-api/api'],
      ['`overlays/staging`', 'staging', `\`registry.example.com/api@sha256:${'a'.repeat(64)}\``, 'IfNotPresent (default-digest)', '`kustomization.yaml:6`', 'Deployment/api/api'],
    ]);
    assert.match(markdown ?? '', /written here as `example\/api:1.0`/);
    // One table for the line, not one hover section per kustomization.
    assert.doesNotMatch(markdown ?? '', /---\n\n/);
  });

  test("on a patch's imagePullPolicy: the containers it sets, their image and the policy it makes explicit", () => {
    const pullFiles = {
      ...files,
      'overlays/pull/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: pull-policy.yaml\n',
      'overlays/pull/pull-policy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          imagePullPolicy: Always\n',
    };
    const pull = kustomizeUnit({ files: memoryFiles(pullFiles), directory: 'overlays/pull', relativeDirectory: 'overlays/pull', settings: DEFAULT_SETTINGS });
    assert.ok(pull);
    const markdown = unitsHoverMarkdown([pull], 'overlays/pull/pull-policy.yaml', { line: 9, character: 30 });
    assert.deepEqual(hoverRows(markdown), [['Deployment/worker/worker', '`../../base/worker.yaml:10`', '`example/api:1.0`', 'Always (explicit)']]);
    assert.match(markdown ?? '', /Kustomize `overlays\/pull`: 1 container rewritten here/);
    // The base's own lines are not the patch's.
    assert.equal(unitsHoverMarkdown([pull], 'overlays/pull/pull-policy.yaml', { line: 8, character: 12 }), null);
  });

  test('elsewhere: nothing', () => {
    assert.equal(unitsHoverMarkdown(units, prodEntry, { line: 0, character: 3 }), null);
    assert.equal(unitsHoverMarkdown(units, 'base/api.yaml', { line: 3, character: 8 }), null);
  });
});
