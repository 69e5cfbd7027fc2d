/** Whether a file is a Helm chart template: decided by a `Chart.yaml` above its `templates/` folder, cached per folder until told otherwise. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { forgetChartFolder, isChartTemplate } from '../../../server/src/workspace/chartTemplates';

describe('isChartTemplate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-chart-templates-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const chart = path.join(dir, 'chart');
  const template = path.join(chart, 'templates', 'deployment.yaml');
  mkdirSync(path.dirname(template), { recursive: true });
  writeFileSync(template, 'kind: Deployment\n');

  test('a Chart.yaml created or deleted counts once its folder is forgotten (the server does so on the file event)', () => {
    assert.equal(isChartTemplate(template), false, 'no Chart.yaml yet');
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
    assert.equal(isChartTemplate(template), false, 'the folder is cached as no chart until forgotten');
    forgetChartFolder(chart);
    assert.equal(isChartTemplate(template), true);
    unlinkSync(path.join(chart, 'Chart.yaml'));
    forgetChartFolder(chart);
    assert.equal(isChartTemplate(template), false);
  });

  test('templates/ without a Chart.yaml above it, or a file beside templates/, is no chart template', () => {
    const plain = path.join(dir, 'scripts', 'templates', 'job.yaml');
    assert.equal(isChartTemplate(plain), false);
    assert.equal(isChartTemplate(path.join(chart, 'values.yaml')), false);
  });
});
