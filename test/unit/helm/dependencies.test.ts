/**
 * Dependencies that are not vendored, packaged (tgz) subcharts and file:// dependencies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadChart } from '../../../server/src/core/helm/chart/loadChart';
import { chartContainers } from '../../../server/src/core/helm/containers';
import { renderChart } from '../../../server/src/core/helm/render';
import { readChartArchive } from '../../../server/src/workspace/chartArchive';
import { oracleSkipReason } from '../../oracles/oracles';
import { readChartDir } from './chartDir';
import { helmTemplate } from './helmOracle';

const FIXTURES = path.resolve(__dirname, '../../fixtures/helm');
const CONTEXT = { alwaysPullImagesAdmission: false };

test('a dependency missing from charts/ is reported once on Chart.yaml; what does not need it renders; what does is unknown with the reason', () => {
  const dir = path.join(FIXTURES, 'missing-deps');
  const rendering = renderChart(loadChart(readChartDir(dir)));
  assert.equal(rendering.fatal, null);
  assert.equal(rendering.missing.length, 1);
  const [missing] = rendering.missing;
  assert.equal(missing?.dependency.name, 'common');
  assert.match(missing?.message ?? '', /helm dependency build/);
  // The range points at the dependency's name in Chart.yaml.
  const chartYaml = readFileSync(path.join(dir, 'Chart.yaml'), 'utf8').split('\n');
  const range = missing?.range;
  assert.ok(range);
  assert.equal(chartYaml[range.start.line]?.slice(range.start.character, range.end.character), 'common');

  const { containers, unknown } = chartContainers(rendering, CONTEXT);
  assert.deepEqual(
    containers.map((c) => `${c.template} ${c.container} ${c.image}`).sort(),
    ['missing-deps/templates/proxy.yaml helper busybox:1.36', 'missing-deps/templates/proxy.yaml proxy nginx:1.25'],
  );
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]?.template, 'missing-deps/templates/app.yaml');
  assert.match(unknown[0]?.reason ?? '', /common.*helm dependency build/);
});

test('the real helm refuses the chart with missing dependencies (so the partial rendering is ours alone)', { skip: oracleSkipReason() }, () => {
  const run = helmTemplate(path.join(FIXTURES, 'missing-deps'));
  assert.equal(run.ok, false);
  assert.match(run.stderr, /missing in charts\/ directory: common, shared-lib/);
});

test('file:// dependencies resolve to their folder, with files named relative to the root chart, and a note that helm needs them vendored', () => {
  const chart = loadChart(readChartDir(path.join(FIXTURES, 'missing-deps')));
  const linked = chart.subcharts.find((s) => s.metadata.name === 'shared-lib');
  assert.equal(linked?.location, '../shared-lib');
  assert.equal(linked?.linkedFrom, 'file://../shared-lib');
  assert.equal(linked?.metadata.type, 'library');
  const rendering = renderChart(chart);
  assert.deepEqual(
    rendering.linked.map((l) => [l.dependency.name, l.range?.start.line]),
    [['shared-lib', 9]],
  );
  assert.match(rendering.linked[0]?.message ?? '', /file:\/\/\.\.\/shared-lib.*helm dependency build/);
});

test('a packaged subchart (tgz) is read in memory and rendered with the values its parent sets', () => {
  const dir = path.join(FIXTURES, 'legacy-v1');
  const files = readChartDir(dir);
  const archive = files.archives?.['charts/queue-1.2.0.tgz'];
  assert.ok(archive && !('error' in archive));
  assert.deepEqual(Object.keys(archive.files).sort(), ['Chart.yaml', 'templates/_helpers.tpl', 'templates/statefulset.yaml', 'values.yaml']);
  const chart = loadChart(files);
  assert.deepEqual(
    chart.subcharts.map((s) => [s.location, s.metadata.name, s.metadata.version]),
    [['charts/queue-1.2.0.tgz', 'queue', '1.2.0']],
  );
  const prod = renderChart(chart, { values: { files: [{ file: 'values-prod.yaml', text: readFileSync(path.join(dir, 'values-prod.yaml'), 'utf8') }] } });
  const queue = chartContainers(prod, CONTEXT).containers.find((c) => c.container === 'queue');
  assert.equal(queue?.image, 'rabbitmq:3.12.10');
  assert.equal(queue?.file, 'charts/queue-1.2.0.tgz/templates/statefulset.yaml');
});

test('broken archives are reported, not thrown', () => {
  assert.match((readChartArchive(new Uint8Array([1, 2, 3])) as { error: string }).error, /gzip/);
  const notTar = gzipSync(Buffer.from('x'.repeat(600)));
  assert.ok('error' in readChartArchive(notTar));
  const chart = loadChart({ files: { 'Chart.yaml': 'apiVersion: v2\nname: p\nversion: 1.0.0\n' }, archives: { 'charts/bad.tgz': { error: 'not a gzip archive' } } });
  assert.match(chart.error ?? '', /bad.tgz/);
});
