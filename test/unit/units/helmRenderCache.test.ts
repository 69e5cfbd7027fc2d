/**
 * A chart's renderings kept per environment: an edit renders again only the environments
 * that read the edited file, and what comes out equals a fresh analysis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChartFiles } from '../../../server/src/core/helm';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { helmUnit } from '../../../server/src/core/units/helmUnit';
import { HelmRenderCache } from '../../../server/src/core/units/helmRenderCache';
import type { UnitAnalysis } from '../../../server/src/core/units/unitAnalysis';
import { readChartDir } from '../helm/chartDir';
import { LATEST_TAG_CHART } from './helmUnitFixture';

const original = readChartDir(LATEST_TAG_CHART);

function analyse(files: ChartFiles, cache?: HelmRenderCache): UnitAnalysis {
  const unit = helmUnit({ files, chartDir: 'chart', relativeDirectory: 'chart', settings: DEFAULT_SETTINGS, cache });
  assert.ok(unit);
  return unit;
}

function edited(file: string, from: string, to: string): ChartFiles {
  const text = original.files[file];
  assert.ok(text?.includes(from), `${file} holds ${from}`);
  return { ...original, files: { ...original.files, [file]: text.replace(from, to) } };
}

/** What an analysis shows, edit targets included (they are computed on demand). */
function shown(unit: UnitAnalysis): unknown {
  return JSON.parse(JSON.stringify(unit));
}

describe('Helm renderings cached per environment', () => {
  const environments = analyse(original).environments.length;

  test('the chart has a default and two environment files', () => {
    assert.equal(environments, 3);
  });

  test('an environment file edit renders that environment only; values.yaml renders them all', () => {
    const cache = new HelmRenderCache();
    analyse(original, cache);
    assert.equal(cache.renders, environments);
    analyse(original, cache);
    assert.equal(cache.renders, environments, 'nothing changed: nothing rendered');
    const prod = edited('values-prod.yaml', 'tag: latest', 'tag: "2.0"');
    analyse(prod, cache);
    assert.equal(cache.renders, environments + 1, 'values-prod.yaml: prod only');
    const shared = { ...prod, files: { ...prod.files, 'values.yaml': `${prod.files['values.yaml']}\nextra: 1\n` } };
    analyse(shared, cache);
    assert.equal(cache.renders, 2 * environments + 1, 'values.yaml: every environment');
  });

  test('results with the cache equal a fresh analysis after each edit', () => {
    const cache = new HelmRenderCache();
    analyse(original, cache);
    for (const files of [edited('values-prod.yaml', 'pullPolicy: Always', 'pullPolicy: Never'), edited('values-dev.yaml', 'replicaCount: 1', 'replicaCount: 2\nimage:\n  tag: "3.0"'), edited('values.yaml', 'tag: "1.25"', 'tag: "1.27"'), original]) {
      assert.deepEqual(shown(analyse(files, cache)), shown(analyse(files)));
    }
  });

  test('a template reading .Files makes every file an input of every environment', () => {
    const withFiles: ChartFiles = { ...original, files: { ...original.files, 'templates/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  prod: {{ .Files.Get "values-prod.yaml" | quote }}\n' } };
    const cache = new HelmRenderCache();
    analyse(withFiles, cache);
    analyse({ ...withFiles, files: { ...withFiles.files, 'values-prod.yaml': `${withFiles.files['values-prod.yaml'] ?? ''}\n# note\n` } }, cache);
    assert.equal(cache.renders, 2 * environments);
  });
});
