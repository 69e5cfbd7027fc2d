import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../server/src/action/inputs';
import { deployment } from '../fixtures/manifests';
import { makeProject, REPO_ROOT, runCli, webChartFiles } from '../cli/helpers';

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const manifest = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionManifest;
const ENTRY = path.join(REPO_ROOT, manifest.runs.main);

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs the committed entry as the runner does: `node <runs.main>` in the
 * workspace, every input as `INPUT_<NAME>` (upper-cased, dashes kept), the
 * defaults from action.yml filled in for inputs the workflow leaves out, and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY pointing at files.
 */
function runAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const files = mkdtempSync(path.join(tmpdir(), 'kil-action-'));
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(manifest.inputs).map(([name, spec]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, inputs[name] ?? spec.default ?? '']),
  );
  try {
    const result = spawnSync(process.execPath, [ENTRY], {
      cwd: workspace,
      env: { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...inputEnv },
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}

/** The runner's GITHUB_OUTPUT syntax: `name=value` lines, or `name<<DELIMITER` … `DELIMITER`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? '', index + 1);
      assert.ok(end > index, `unterminated output ${heredoc[1]}`);
      outputs[heredoc[1] ?? ''] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Rows of the first Markdown table, as cells (GFM: `\|` is a pipe inside a cell). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

describe('GitHub Action', () => {
  it('the committed bundle is what `npm run build:action` builds from the current sources', () => {
    const fresh = path.join(mkdtempSync(path.join(tmpdir(), 'kil-action-build-')), 'index.js');
    try {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-action.mjs'), '--out', fresh]);
      assert.ok(
        readFileSync(fresh).equals(readFileSync(ENTRY)),
        `${manifest.runs.main} is stale: run \`npm run build:action\` and commit it (the runner uses the committed bundle)`,
      );
    } finally {
      rmSync(path.dirname(fresh), { recursive: true, force: true });
    }
  });

  it('action.yml declares exactly the inputs the entry reads, on a Node runtime GitHub supports', () => {
    assert.deepEqual(Object.keys(manifest.inputs).sort(), [...INPUT_NAMES].sort());
    assert.deepEqual(Object.keys(manifest.outputs).sort(), ['errors', 'findings', 'sarif-file', 'warnings']);
    assert.ok(['node20', 'node24'].includes(manifest.runs.using), manifest.runs.using);
  });

  describe('run as the runner runs it', () => {
    let project: ReturnType<typeof makeProject>;
    before(() => {
      project = makeProject({
        'k8s/prod/web.yaml': deployment('nginx:latest', 'IfNotPresent'),
        'k8s/app|x.yaml': deployment('redis', null, 'cache'),
        'k8s/ok.yaml': deployment('nginx:1.27.1', 'IfNotPresent'),
        'other/ignored.yaml': deployment('busybox:latest', 'Never'),
      });
    });
    after(() => project.cleanup());

    it('annotates, fails at fail-on, sets outputs and writes the summary table and SARIF', () => {
      const run = runAction(project.dir, { paths: 'k8s', 'fail-on': 'warning', 'sarif-file': 'results.sarif' });
      const expected = (JSON.parse(runCli(['check', '--format', 'json', 'k8s'], { cwd: project.dir }).stdout) as {
        diagnostics: Array<{ file: string; range: { start: { line: number } }; severity: string; code: string; message: string }>;
      }).diagnostics;
      assert.ok(expected.some((d) => d.severity === 'error') && expected.some((d) => d.severity === 'warning'));

      assert.equal(run.code, 1, run.stdout);
      const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning|notice) file=/.test(line));
      assert.equal(annotations.length, expected.length);
      assert.match(run.stdout, /^::error::Kube Image Lens: findings at or above 'warning'/m);

      assert.deepEqual(run.outputs, {
        findings: String(expected.length),
        errors: String(expected.filter((d) => d.severity === 'error').length),
        warnings: String(expected.filter((d) => d.severity === 'warning').length),
        'sarif-file': 'results.sarif',
      });

      assert.match(run.summary, /^### Kube Image Lens\n/);
      assert.deepEqual(
        tableRows(run.summary).map(([severity, location, code, message]) => [severity?.split(' ')[1], location?.replace(/\\(.)/g, '$1'), code?.replace(/^\[([^\]]+)\].*$/, '$1'), message]),
        expected.map((d) => [d.severity, `${d.file}:${d.range.start.line + 1}`, d.code, d.message.replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`)]),
      );

      const sarif = JSON.parse(readFileSync(path.join(project.dir, 'results.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs[0]?.results.length, expected.length);
    });

    it('with the defaults: checks the whole workspace, passes below error, writes no SARIF', () => {
      const run = runAction(project.dir, { paths: 'k8s/ok.yaml' });
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(run.outputs, { findings: '0', errors: '0', warnings: '0' });
      assert.match(run.summary, /No findings in 1 file\./);
      const everything = runAction(project.dir, {});
      assert.equal(everything.code, 1, 'the prod file has an error; the default fail-on is error');
      assert.match(everything.stdout, /file=other\/ignored\.yaml/);
    });

    it('reports a bad input as one annotated error', () => {
      const run = runAction(project.dir, { 'fail-on': 'sometimes' });
      assert.equal(run.code, 2);
      assert.match(run.stdout, /^::error title=kube-image-lens::invalid value 'sometimes' for --fail-on/m);
      assert.deepEqual(run.outputs, {});
    });
  });

  describe('Helm inputs render each chart once, as the CLI flags do', () => {
    let project: ReturnType<typeof makeProject>;
    before(() => {
      project = makeProject({
        ...webChartFiles('registry.example.com/web', '"1.4.2"'),
        'chart/values-prod.yaml': 'image:\n  tag: "1.5.0"\n',
        'tag.txt': 'latest',
      });
    });
    after(() => project.cleanup());

    /** What the action reported, as the CLI's check with the same flags reports it. */
    const sameAsCli = (inputs: Record<string, string>, flags: string[]): ActionRun => {
      const run = runAction(project.dir, { paths: 'chart', 'fail-on': 'never', ...inputs });
      const expected = (JSON.parse(runCli(['check', '--format', 'json', '--fail-on', 'never', 'chart', ...flags], { cwd: project.dir }).stdout) as { diagnostics: unknown[] }).diagnostics;
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.findings, String(expected.length));
      return run;
    };

    it('set, set-json, set-file and set-literal reach the rendering in Helm’s order; values and release-name too', () => {
      const clean = sameAsCli({ values: 'chart/values-prod.yaml' }, ['--values', 'chart/values-prod.yaml']);
      assert.equal(clean.outputs.findings, '0', clean.stdout);
      // Lines are expressions: a later kind wins whatever the order of the inputs (--set-literal over --set).
      const latest = sameAsCli({ set: 'image.tag=latest\nimage.pullPolicy=IfNotPresent', 'set-literal': 'image.tag=latest', 'release-name': 'web' }, ['--set', 'image.tag=latest', '--set', 'image.pullPolicy=IfNotPresent', '--set-literal', 'image.tag=latest', '--release-name', 'web']);
      assert.notEqual(latest.outputs.findings, '0', latest.stdout);
      assert.match(latest.stdout, /latest/);
      const fromFile = sameAsCli({ 'set-file': 'image.tag=tag.txt' }, ['--set-file', 'image.tag=tag.txt']);
      assert.equal(fromFile.outputs.findings, latest.outputs.findings);
      const fromJson = sameAsCli({ 'set-json': '{"image":{"tag":"latest"}}' }, ['--set-json', '{"image":{"tag":"latest"}}']);
      assert.equal(fromJson.outputs.findings, latest.outputs.findings);
    });

    it('a --set-file file that cannot be read is one annotated error naming it', () => {
      const run = runAction(project.dir, { paths: 'chart', 'set-file': 'image.tag=missing.txt' });
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stdout, /^::error title=kube-image-lens::.*missing\.txt/m);
    });
  });
});
