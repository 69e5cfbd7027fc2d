/**
 * Helm charts from the CLI: `images`/`check` report each environment's rendered containers
 * on the values keys that supply them; `pin --write` writes into the winning values file,
 * checked against a real registry and the real `helm template`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { oracles, oracleSkipReason } from '../oracles/oracles';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import { makeProject, runCli, runCliAsync, webChartFiles } from './helpers';

interface ImageJson {
  file: string;
  range: { start: { line: number } };
  image: string;
  source: string;
  environment: string | null;
  origin: { file: string };
  editTargets: Array<{ file: string; kind: string }>;
  pullPolicy: { effective: string | null };
}

describe('Helm charts from the CLI', () => {
  let reg: RunningRegistry;
  let project: { dir: string; cleanup: () => void };
  let digest: string;

  before(async () => {
    reg = await startRegistry({});
    digest = (await pushImage(reg, { repo: 'shop/web', tag: 'latest', format: 'docker' })).digest;
    project = makeProject({
      ...webChartFiles(`${reg.host}/shop/web`, 'latest', 'moves with every push'),
      'chart/values-prod.yaml': 'image:\n  pullPolicy: Always\n',
    });
  });
  after(async () => {
    await reg?.stop();
    project?.cleanup();
  });

  test('images: one rendered container per environment, reported on the values key of the tag', () => {
    const run = runCli(['images', '--format', 'json', '.'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    const images = (JSON.parse(run.stdout) as { images: ImageJson[] }).images.filter((image) => image.source === 'helm');
    assert.deepEqual(
      images.map((image) => [image.environment, image.image, image.pullPolicy.effective, image.file, image.range.start.line]).sort(),
      [
        ['default', `${reg.host}/shop/web:latest`, 'IfNotPresent', 'chart/values.yaml', 3],
        ['prod', `${reg.host}/shop/web:latest`, 'Always', 'chart/values.yaml', 3],
      ],
    );
    assert.ok(images.every((image) => image.origin.file === 'chart/templates/deployment.yaml'));
    assert.ok(images.every((image) => image.editTargets.some((target) => target.file === 'chart/values.yaml' && target.kind === 'tag')));
  });

  test('a chart named by its absolute path: every file of its images is absolute too, as the file lists show it', () => {
    const run = runCli(['images', '--format', 'json', path.join(project.dir, 'chart')]);
    assert.equal(run.code, 0, run.stderr);
    const images = (JSON.parse(run.stdout) as { images: ImageJson[] }).images.filter((image) => image.source === 'helm');
    assert.ok(images.length > 0);
    const files = images.flatMap((image) => [image.file, image.origin.file, ...image.editTargets.map((target) => target.file)]);
    assert.deepEqual(files.filter((file) => !file.startsWith(project.dir + '/')), []);
  });

  test('check: latest with IfNotPresent is reported once, on the tag, for the default environment', () => {
    const run = runCli(['check', '--format', 'json', '.'], { cwd: project.dir });
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; code: string; message: string; range: { start: { line: number } } }> };
    const cached = diagnostics.filter((finding) => finding.file === 'chart/values.yaml' && finding.code === 'latest-tag-cached');
    assert.equal(cached.length, 1, run.stdout);
    assert.equal(cached[0]?.range.start.line, 3);
    assert.match(cached[0]?.message ?? '', /\[default: /);
  });

  test('pin --write puts tag@digest into values.yaml, keeps its comment and the template, and helm renders the pinned image', { skip: oracleSkipReason() }, async () => {
    const templateBefore = readFileSync(path.join(project.dir, 'chart/templates/deployment.yaml'), 'utf8');
    const run = await runCliAsync(['pin', '--write', 'chart'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const values = readFileSync(path.join(project.dir, 'chart/values.yaml'), 'utf8');
    assert.match(values, /# moves with every push\n/);
    assert.match(values, new RegExp(`tag: latest@${digest}\\n`));
    assert.equal(readFileSync(path.join(project.dir, 'chart/templates/deployment.yaml'), 'utf8'), templateBefore);
    for (const args of [[], ['-f', path.join(project.dir, 'chart/values-prod.yaml')]]) {
      const rendered = execFileSync(oracles().helm, ['template', path.join(project.dir, 'chart'), ...args], { encoding: 'utf8' });
      assert.match(rendered, new RegExp(`image: "${reg.host}/shop/web:latest@${digest}"`));
    }
  });
});
