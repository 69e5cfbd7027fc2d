/**
 * Every pin helmUnit offers, on every test chart and environment, written with a test
 * digest into a temporary copy of the chart: the real `helm template` must render that
 * container exactly pinned (and nothing else changed but the same pin of the same image).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { discoverEnvironments } from '../../../server/src/core/helm/environments';
import type { EditTarget, ImageOccurrence, PinMode } from '../../../server/src/core/model';
import type { PinEdit } from '../../../server/src/core/pin/plan';
import { planPin, pinEdits } from '../../../server/src/core/pin/plan';
import { withDigest } from '../../../server/src/core/reference/pinnedImage';
import { applyEdits } from '../../../server/src/core/units/valuesEdits';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex';
import { oracleSkipReason } from '../../oracles/oracles';
import { readChartDir } from '../helm/chartDir';
import { helmRows } from '../helm/compareImages';
import { helmTemplate } from '../helm/helmOracle';
import { HELM_FIXTURES, LATEST_TAG_CHART, unitOf } from './helmUnitFixture';

const DIGEST = `sha256:${'4d'.repeat(32)}`;
const MODES: PinMode[] = ['keepTag', 'digestOnly'];
/** Charts the real helm refuses on purpose. */
const NOT_RENDERABLE = new Set(['missing-deps', 'shared-lib']);

const charts = [...readdirSync(HELM_FIXTURES).filter((name) => !NOT_RENDERABLE.has(name)).map((name) => path.join(HELM_FIXTURES, name)), LATEST_TAG_CHART];

/** What the container must become: the template decides whether a digest key keeps the tag. */
function expectedImages(image: ImageOccurrence, target: EditTarget, mode: PinMode): string[] {
  if (target.kind === 'image') {
    return [withDigest(image.image, DIGEST, mode)];
  }
  if (target.kind === 'digest') {
    return [withDigest(image.image, DIGEST, 'keepTag'), withDigest(image.image, DIGEST, 'digestOnly')];
  }
  return [withDigest(image.image, DIGEST, 'keepTag')];
}

test('every offered Helm pin renders exactly pinned with the real helm', { skip: oracleSkipReason() }, () => {
  let offered = 0;
  let checked = 0;
  let helmRuns = 0;
  const wrong: string[] = [];
  const byKind = new Map<string, number>();
  for (const chart of charts) {
    const unit = unitOf(chart, 'chart');
    const environments = new Map(discoverEnvironments(Object.keys(readChartDir(chart).files)).map((each) => [each.name, each.valuesFiles]));
    const read = (file: string | null): string => readFileSync(path.join(chart, (file ?? '').replace(/^chart\//, '')), 'utf8');
    const textAt = (target: EditTarget): string | null => {
      const text = read(target.file);
      const lines = new LineIndex(text);
      return text.slice(lines.offsetAt(target.range.start), lines.offsetAt(target.range.end));
    };
    // One helm run per (environment, edits): a key feeding several containers is checked once for all.
    const runs = new Map<string, { environment: string; edits: PinEdit[]; checks: { image: ImageOccurrence; expected: string[]; what: string }[] }>();
    for (const image of unit.images) {
      const plan = planPin(image, textAt, { refresh: false });
      if (plan.kind !== 'lookup') {
        continue;
      }
      offered += 1;
      const kind = plan.target.pinEdits ? `${plan.target.kind}+pinEdits` : plan.target.kind;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      for (const mode of MODES) {
        const edits = pinEdits(image, plan, DIGEST, mode);
        const key = `${image.environment}\u0000${JSON.stringify(edits)}`;
        const run = runs.get(key) ?? { environment: image.environment ?? 'default', edits, checks: [] };
        run.checks.push({ image, expected: expectedImages(image, plan.target, mode), what: `${path.basename(chart)} ${image.environment} ${image.container} ${plan.target.kind} ${mode}` });
        runs.set(key, run);
      }
    }
    for (const run of runs.values()) {
      const copy = path.join(mkdtempSync(path.join(tmpdir(), 'kil-pin-')), 'chart');
      cpSync(chart, copy, { recursive: true });
      const byFile = new Map<string, PinEdit[]>();
      for (const edit of run.edits) {
        byFile.set(edit.file ?? '', [...(byFile.get(edit.file ?? '') ?? []), edit]);
      }
      for (const [file, edits] of byFile) {
        const target = path.join(copy, file.replace(/^chart\//, ''));
        writeFileSync(target, applyEdits(readFileSync(target, 'utf8'), edits));
      }
      const valuesFiles = (environments.get(run.environment) ?? []).map((file) => path.join(copy, file));
      const result = helmTemplate(copy, { valuesFiles });
      helmRuns += 1;
      rmSync(path.dirname(copy), { recursive: true, force: true });
      const rows = result.ok ? helmRows(result.stdout) : [];
      for (const check of run.checks) {
        checked += 1;
        const resource = `${check.image.resource.kind}/${check.image.resource.name}`;
        const row = rows.find((candidate) => candidate.resource === resource && candidate.containerPath === check.image.containerPath);
        if (!row || !check.expected.includes(row.image)) {
          wrong.push(`${check.what}: helm rendered ${row?.image ?? (result.ok ? 'no such container' : result.stderr.trim())}, expected ${check.expected.join(' or ')}`);
        }
      }
    }
  }
  console.log(`helm pin oracle: ${charts.length} charts, ${offered} pins offered (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}), ${checked} pin writes checked in ${helmRuns} helm runs, ${wrong.length} wrong`);
  assert.deepEqual(wrong, []);
  assert.ok(offered >= 40, `enough pins offered (${offered})`);
});
