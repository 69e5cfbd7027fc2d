/**
 * Bad input never throws: values files, Chart.yaml, a template, --set expressions and
 * environment files mangled at random still yield a rendering (maybe fatal, maybe fewer images).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChartFiles } from '../../../server/src/core/helm/chart/loadChart';
import { loadChart } from '../../../server/src/core/helm/chart/loadChart';
import { chartContainers } from '../../../server/src/core/helm/containers';
import { renderChart } from '../../../server/src/core/helm/render';
import { readChartDir } from './chartDir';

const FIXTURES = path.resolve(__dirname, '../../fixtures/helm');
const CHARTS = ['bitnami-style', 'monitoring-stack', 'workers', 'legacy-v1'].map((name) => readChartDir(path.join(FIXTURES, name)));

/** Replace a slice of a text with arbitrary characters (YAML-ish ones are likely). */
const mangle = (text: string) =>
  fc
    .tuple(fc.nat(text.length), fc.nat(40), fc.stringMatching(/^[\s\S]{0,30}$/), fc.constantFrom('', ': ', '- ', '{', '[', '"', '&a ', '*a', 'null', '<<: ', '  ', '\n', '!!str ', '1.0'))
    .map(([at, cut, noise, yamlish]) => text.slice(0, at) + yamlish + noise + text.slice(at + cut));

function renderAll(files: ChartFiles, set: string[]): void {
  const rendering = renderChart(loadChart(files), { values: { files: [{ file: 'x.yaml', text: files.files['values-prod.yaml'] ?? '' }], set } });
  const result = chartContainers(rendering, { alwaysPullImagesAdmission: false });
  assert.ok(Array.isArray(result.containers));
}

test('mangled values, Chart.yaml, templates and --set never throw', () => {
  for (const files of CHARTS) {
    const template = Object.keys(files.files).find((key) => key.startsWith('templates/') && !key.includes('/_')) as string;
    const keys = ['values.yaml', 'Chart.yaml', 'values-prod.yaml', template].filter((key) => key in files.files);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys).chain((key) => fc.tuple(fc.constant(key), mangle(files.files[key] as string))),
        fc.array(fc.stringMatching(/^[a-z.[\]0-9=,{}\\-]{0,20}$/), { maxLength: 2 }),
        ([key, text], set) => {
          renderAll({ ...files, files: { ...files.files, [key]: text } }, set);
        },
      ),
      { numRuns: 40 },
    );
  }
});
