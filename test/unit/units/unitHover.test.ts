/** Hovers on a unit: a values key (per environment side by side), a template's image line, a kustomize images: entry and base resource. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FileAccess } from '../../../server/src/core/kustomize/fileAccess';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { kustomizeUnit } from '../../../server/src/core/units/kustomizeUnit';
import { unitHoverMarkdown } from '../../../server/src/core/units/unitHover';
import { LATEST_TAG_CHART, unitOf } from './helmUnitFixture';

/** The table rows of a hover, cells trimmed. */
function rows(markdown: string | null): string[][] {
  assert.ok(markdown, 'a hover');
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Environment') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | ').map((cell) => cell.trim()));
}

describe('hover on a Helm chart', () => {
  const unit = unitOf(LATEST_TAG_CHART);
  const web = 'Deployment/release-name-web/web';

  test('on tag: latest in values.yaml: every environment side by side, prod saying where its value is set', () => {
    const markdown = unitHoverMarkdown(unit, 'chart/values.yaml', { line: 3, character: 9 });
    assert.deepEqual(rows(markdown), [
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
      rows(markdown).map((row) => row.slice(0, 3)),
      ['default', 'dev', 'prod'].map((environment) => [environment, '`docker.io/library/redis:7.2`', 'IfNotPresent (default-other-tag)']),
    );
    assert.match(markdown ?? '', /IfNotPresent: /);
  });

  test("on a template's image line: the rendered value per environment and the values it came from", () => {
    const markdown = unitHoverMarkdown(unit, 'chart/templates/deployment.yaml', { line: 9, character: 20 });
    assert.equal(rows(markdown).length, 3);
    assert.match(markdown ?? '', /- tag `values.yaml:4` \(default, dev\)/);
    assert.match(markdown ?? '', /- tag `values-prod.yaml:2` \(prod\)/);
  });

  test('elsewhere: nothing', () => {
    assert.equal(unitHoverMarkdown(unit, 'chart/values.yaml', { line: 0, character: 0 }), null);
    assert.equal(unitHoverMarkdown(unit, 'chart/Chart.yaml', { line: 1, character: 1 }), null);
  });
});

describe('hover on a kustomization', () => {
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: example/api:1.0\n',
    'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nimages:\n  - name: example/api\n    newTag: latest\n',
  };
  const access: FileAccess = {
    readText: (file) => files[file] ?? null,
    listDir: (dir) => {
      const names = Object.keys(files).filter((file) => file.startsWith(`${dir}/`)).map((file) => file.slice(dir.length + 1).split('/')[0] as string);
      return names.length > 0 ? [...new Set(names)] : null;
    },
    isDir: (dir) => Object.keys(files).some((file) => file.startsWith(`${dir}/`)),
  };
  const unit = kustomizeUnit({ files: access, directory: 'overlays/prod', relativeDirectory: 'overlays/prod', settings: DEFAULT_SETTINGS });
  assert.ok(unit);

  test('on the images: entry: what the overlay deploys, per container', () => {
    assert.deepEqual(rows(unitHoverMarkdown(unit, 'overlays/prod/kustomization.yaml', { line: 4, character: 13 })), [
      ['overlays/prod', '`example/api:latest`', 'Always (default-latest-tag)', 'Deployment/api/api'],
    ]);
  });

  test("on the base resource's image: what the overlay deploys, and the entry that changed it", () => {
    const markdown = unitHoverMarkdown(unit, 'base/deployment.yaml', { line: 9, character: 20 });
    assert.deepEqual(rows(markdown), [['overlays/prod', '`example/api:latest`', 'Always (default-latest-tag)', 'Deployment/api/api']]);
    assert.match(markdown ?? '', /overlays\/prod\/kustomization.yaml:/);
  });
});
