/**
 * A Helm chart as a unit: findings on the values key per environment, pin targets in the
 * values file that wins (digest key vs tag, subchart keys under the alias in the root
 * values), and robustness on mangled charts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIGEST_PLACEHOLDER } from '../../../server/src/core/model';
import type { EditTarget, FileAnalysis, ImageOccurrence } from '../../../server/src/core/model';
import { findingCounts } from '../../../server/src/core/findingsOfImage';
import { planPin, pinEdits } from '../../../server/src/core/pin/plan';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { helmUnit } from '../../../server/src/core/units/helmUnit';
import { findingsOf, mergeFileAnalyses } from '../../../server/src/core/units/mergeAnalyses';
import { unitFileAnalyses } from '../../../server/src/core/units/unitAnalysis';
import { applyEdits } from '../../../server/src/core/units/valuesEdits';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex';
import { readChartDir } from '../helm/chartDir';
import { LATEST_TAG_CHART, unitOf } from './helmUnitFixture';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function find(images: readonly ImageOccurrence[], environment: string, container: string): ImageOccurrence {
  const found = images.find((image) => image.environment === environment && image.container === container);
  assert.ok(found, `${environment}/${container} rendered`);
  return found;
}

const chartFiles = readChartDir(LATEST_TAG_CHART).files;

/** The text at a target, as an adapter reads it (file ids are `chart/<path>`). */
function textAt(target: EditTarget): string | null {
  const text = chartFiles[(target.file ?? '').replace(/^chart\//, '')];
  if (text === undefined) {
    return null;
  }
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(target.range.start), lines.offsetAt(target.range.end));
}

function plan(image: ImageOccurrence) {
  const result = planPin(image, textAt, { refresh: false });
  assert.equal(result.kind, 'lookup', `${image.environment}/${image.container} can be pinned`);
  return result as Extract<typeof result, { kind: 'lookup' }>;
}

describe('helmUnit on a chart with tag: latest and pullPolicy: IfNotPresent', () => {
  const unit = unitOf(LATEST_TAG_CHART);
  const files = chartFiles;

  test('every environment is rendered, templates are covered, every file is read', () => {
    assert.deepEqual(
      unit.environments.map((environment) => `${environment.name}:${environment.profile}`),
      ['default:staging', 'dev:dev', 'prod:prod'],
    );
    assert.equal(unit.images.length, 15);
    assert.ok(unit.covers.includes('chart/templates/deployment.yaml'));
    assert.ok(unit.covers.includes('chart/charts/cache/templates/deployment.yaml'));
    assert.ok(unit.filesRead.includes('chart/values-prod.yaml'));
    assert.deepEqual(unit.problems, []);
  });

  test('the latest-tag finding is on the tag scalar of values.yaml, naming its environments; prod has its own on values-prod.yaml', () => {
    const analyses = unitFileAnalyses(unit, DEFAULT_SETTINGS, () => []);
    const shared = analyses.get('chart/values.yaml')?.findings.filter((finding) => finding.code === 'latest-tag-cached') ?? [];
    assert.equal(shared.length, 1);
    const [finding] = shared;
    assert.deepEqual(finding?.range, { start: { line: 3, character: 7 }, end: { line: 3, character: 13 } });
    assert.match(finding?.message ?? '', /\[default, dev: Deployment\/release-name-web\/web\]$/);
    const prod = analyses.get('chart/values-prod.yaml')?.findings ?? [];
    assert.deepEqual(
      prod.map((each) => `${each.code} ${each.range.start.line}:${each.range.start.character}`),
      ['always-pull-latest-prod 1:7'],
    );
    assert.match(prod[0]?.message ?? '', /\[prod: /);
  });

  test('the shared latest-tag finding counts for each image it names (default and dev), also after merging into a file analysis', () => {
    const values = unitFileAnalyses(unit, DEFAULT_SETTINGS, () => []).get('chart/values.yaml');
    assert.ok(values);
    const withLatest = (analysis: FileAnalysis) => {
      const shared = analysis.findings.find((finding) => finding.code === 'latest-tag-cached');
      assert.ok(shared);
      return [shared.imageIndex, ...(shared.sharedWith ?? [])].map((index) => analysis.images[index]?.environment).sort();
    };
    assert.deepEqual(withLatest(values), ['default', 'dev']);
    const counts = findingCounts(values);
    for (const environment of ['default', 'dev']) {
      const index = values.images.findIndex((image) => image.environment === environment && image.container === 'web');
      assert.ok((counts[index] ?? 0) >= 1, `${environment}'s web image counts the shared finding`);
    }
    const own: FileAnalysis = { ...values, images: [values.images[0]!], findings: [] };
    const merged = mergeFileAnalyses(own, false, [values]);
    assert.ok(merged);
    assert.deepEqual(withLatest(merged), ['default', 'dev']);
  });

  test('merging findings without images (what a worker sends for check) gives the findings of merging whole analyses', () => {
    const values = unitFileAnalyses(unit, DEFAULT_SETTINGS, () => []).get('chart/values.yaml');
    assert.ok(values);
    const own: FileAnalysis = { ...values, images: [values.images[0]!, values.images[1]!], findings: values.findings.slice(0, 1) };
    const unitParts: FileAnalysis[][] = [[values], [values, values], []];
    for (const covered of [false, true]) {
      for (const fromUnits of unitParts) {
        const whole: FileAnalysis | null = mergeFileAnalyses(own, covered, fromUnits);
        assert.ok(whole);
        const findingsOnly = mergeFileAnalyses(findingsOf(own), covered, fromUnits);
        assert.deepEqual(findingsOnly, findingsOf(whole), `covered ${covered}, ${fromUnits.length} unit parts`);
      }
    }
  });

  test('a literal image in a template is reported on the template line, its origin', () => {
    const init = find(unit.images, 'default', 'init');
    assert.equal(init.file, 'chart/templates/deployment.yaml');
    assert.deepEqual(init.range, { start: { line: 16, character: 17 }, end: { line: 16, character: 29 } });
    assert.equal(init.origin.file, 'chart/templates/deployment.yaml');
    assert.equal(init.origin.range.start.line, 16);
    assert.deepEqual(init.editTargets, []);
  });

  test('the origin of an image written by an action is the action in the template', () => {
    const worker = find(unit.images, 'default', 'worker');
    assert.equal(worker.origin.file, 'chart/templates/deployment.yaml');
    assert.equal(files['templates/deployment.yaml']?.split('\n')[worker.origin.range.start.line]?.slice(worker.origin.range.start.character), '{{ .Values.worker.image }}');
  });

  test('a chart that reads a digest key is pinned there; one that does not gets tag@digest in the tag key', () => {
    const sidecar = find(unit.images, 'default', 'sidecar');
    const sidecarPlan = plan(sidecar);
    assert.equal(sidecarPlan.target.kind, 'digest');
    assert.deepEqual(pinEdits(sidecar, sidecarPlan, DIGEST, 'keepTag'), [
      { file: 'chart/values.yaml', range: { start: { line: 10, character: 13 }, end: { line: 10, character: 13 } }, newText: DIGEST },
    ]);
    const web = find(unit.images, 'prod', 'web');
    const webPlan = plan(web);
    assert.equal(webPlan.target.kind, 'tag');
    assert.deepEqual(pinEdits(web, webPlan, DIGEST, 'keepTag'), [
      { file: 'chart/values-prod.yaml', range: { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } }, newText: `latest@${DIGEST}` },
    ]);
  });

  test('a digest key missing from the environment file is inserted there under its mapping', () => {
    const sidecar = find(unit.images, 'prod', 'sidecar');
    const sidecarPlan = plan(sidecar);
    const [edit] = pinEdits(sidecar, sidecarPlan, DIGEST, 'digestOnly');
    assert.equal(edit?.file, 'chart/values-prod.yaml');
    const text = applyEdits(files['values-prod.yaml'] ?? '', edit ? [edit] : []);
    assert.equal(text, `sidecar:\n  image:\n    digest: ${DIGEST}\nimage:\n  tag: latest\n  pullPolicy: Always\n`);
  });

  test("a subchart's image is pinned under its alias in the root chart's values", () => {
    const redis = find(unit.images, 'default', 'redis');
    const redisPlan = plan(redis);
    const edits = pinEdits(redis, redisPlan, DIGEST, 'keepTag');
    assert.deepEqual(
      edits.map((edit) => edit.file),
      ['chart/values.yaml'],
    );
    const text = applyEdits(files['values.yaml'] ?? '', edits);
    assert.ok(text.includes(`redis:\n  image:\n    tag: 7.2@${DIGEST}\n`), text);
  });

  test('a single values scalar holding the whole image is the image target', () => {
    const worker = find(unit.images, 'dev', 'worker');
    const workerPlan = plan(worker);
    assert.equal(workerPlan.target.kind, 'image');
    assert.equal(pinEdits(worker, workerPlan, DIGEST, 'digestOnly')[0]?.newText, `docker.io/example/worker@${DIGEST}`);
    assert.ok(!JSON.stringify(unit.images).includes(`${DIGEST_PLACEHOLDER}"@`));
  });
});

describe('helmUnit problems', () => {
  test('a missing dependency is said once on Chart.yaml; images that need it are unknown, on their template', () => {
    const unit = unitOf(`${__dirname}/../../fixtures/helm/missing-deps`);
    const missing = unit.problems.filter((problem) => problem.message.includes('helm dependency build') && problem.file === 'chart/Chart.yaml');
    assert.equal(missing.length, 1);
    assert.equal((missing[0]?.message.match(/helm dependency build/g) ?? []).length, 1);
    const unknown = unit.problems.filter((problem) => problem.file === 'chart/templates/app.yaml');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0]?.severity, 'info');
    assert.ok(unit.images.every((image) => image.container !== 'app'));
  });

  test('no Chart.yaml: not a chart', () => {
    assert.equal(helmUnit({ files: { files: { 'values.yaml': 'a: 1' } }, chartDir: 'x', relativeDirectory: 'x', settings: DEFAULT_SETTINGS }), null);
  });
});

describe('helmUnit never throws on mangled charts', () => {
  const base = readChartDir(LATEST_TAG_CHART).files;
  let seed = 7;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % Math.max(1, limit);
  };
  const damage = ['{{', '}}', '{{ .Values.', ':', '\n  - ', '"', '{ { .Values.image.tag } }', '\t', '{{- end }}', 'null', '&a *a'];
  for (let round = 0; round < 25; round += 1) {
    test(`mangled chart ${round}`, () => {
      const files: Record<string, string> = { ...base };
      const names = Object.keys(files);
      for (let hit = 0; hit < 3; hit += 1) {
        const name = names[random(names.length)] as string;
        const text = files[name] ?? '';
        const at = random(text.length + 1);
        const cut = random(3) === 0 ? random(20) : 0;
        files[name] = text.slice(0, at) + (damage[random(damage.length)] as string) + text.slice(at + cut);
      }
      const unit = helmUnit({ files: { files }, chartDir: 'chart', relativeDirectory: 'chart', settings: DEFAULT_SETTINGS });
      assert.ok(unit);
      for (const image of unit.images) {
        assert.equal(typeof image.image, 'string');
      }
    });
  }
});
