/**
 * Bad input never throws: values files, Chart.yaml, a template, --set… expressions and
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
import { buildUserValues, setFilePaths } from '../../../server/src/core/helm/values/userValues';
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

test('any --set-json, --set-file or --set-literal argument gives values or a message, never a throw', () => {
  const argument = fc.stringMatching(/^[a-z.[\]0-9=,{}\\ "':-]{0,24}$/);
  fc.assert(
    fc.property(fc.array(argument, { maxLength: 2 }), fc.array(argument, { maxLength: 2 }), fc.array(argument, { maxLength: 2 }), (setJson, setFile, setLiteral) => {
      const paths = setFile.flatMap((expression) => setFilePaths(expression).paths);
      const user = buildUserValues({ files: [], setJson, setFile, setLiteral, setFileTexts: Object.fromEntries(paths.slice(1).map((file) => [file, 'text'])) });
      assert.ok(user.error === null || user.error.startsWith('failed parsing --set-'), user.error ?? '');
    }),
    { numRuns: 300 },
  );
});

test('templates that mutate .Values change later templates of the same rendering only (never the loaded chart)', () => {
  const chart = loadChart({
    files: {
      'Chart.yaml': 'apiVersion: v2\nname: m\nversion: 1.0.0\n',
      'values.yaml': 'image:\n  repository: app\n  tag: "1.0"\n',
      // Helm executes zzz.yaml first (reverse order at equal depth), as istio's charts rely on; helm template prints app:1.0-patched.
      'templates/zzz.yaml': '{{- $_ := set .Values.image "tag" (printf "%s-patched" .Values.image.tag) }}\n',
      'templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n',
    },
  });
  const images = (): string[] => chartContainers(renderChart(chart), { alwaysPullImagesAdmission: false }).containers.map((c) => c.image);
  assert.deepEqual(images(), ['app:1.0-patched']);
  assert.deepEqual(images(), ['app:1.0-patched']);
  assert.deepEqual(chart.values.values, { image: { repository: 'app', tag: '1.0' } });
});
