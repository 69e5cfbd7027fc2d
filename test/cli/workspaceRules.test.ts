/** The workspace rules the CLI shares with the server: exclude globs, the nearest config per file, the size limit, and `--jobs` not changing a byte of output. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

const imageFiles = (stdout: string) => [...new Set((JSON.parse(stdout) as { images: Array<{ file: string }> }).images.map((image) => image.file))];
const severities = (stdout: string) =>
  (JSON.parse(stdout) as { diagnostics: Array<{ file: string; code: string; severity: string }> }).diagnostics.map(
    ({ file, code, severity }) => `${file} ${code} ${severity}`,
  );
const latestCached = deployment('web', 'nginx:latest', 'IfNotPresent');

describe('exclude globs and the nearest .kube-image-lens.yaml', () => {
  const project = makeProject({
    '.kube-image-lens.yaml': ['exclude:', '  - "vendor/**"', '  - "**/*.generated.yaml"', ''].join('\n'),
    'app.yaml': latestCached,
    'app.generated.yaml': latestCached,
    'vendor/lib/dep.yaml': latestCached,
    'team/.kube-image-lens.yaml': ['defaultProfile: prod', 'exclude:', '  - "scratch"', ''].join('\n'),
    'team/live.yaml': latestCached,
    'team/scratch/tmp.yaml': latestCached,
    'scratch/kept.yaml': latestCached,
    'ci/dev.yaml': ['defaultProfile: dev', ''].join('\n'),
  });
  after(project.cleanup);

  it('leaves out excluded files and folders, each config\'s globs relative to its own folder', () => {
    const run = runCli(['images', '--format', 'json'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(imageFiles(run.stdout), ['app.yaml', 'scratch/kept.yaml', 'team/live.yaml']);
  });

  it('applies the nearest config above each file', () => {
    const run = runCli(['check', '--format', 'json', '--fail-on', 'never'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(severities(run.stdout), [
      'app.yaml latest-tag-cached warning',
      'scratch/kept.yaml latest-tag-cached warning',
      'team/live.yaml latest-tag-cached error',
    ]);
  });

  it('--config applies to every file, nested configs included', () => {
    const run = runCli(['check', '--format', 'json', '--fail-on', 'never', '--config', 'ci/dev.yaml', 'team'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(severities(run.stdout), ['team/live.yaml latest-tag-cached info', 'team/scratch/tmp.yaml latest-tag-cached info']);
  });
});

describe('size limit', () => {
  const big = `${deployment('big', 'nginx:1.25', null)}${'# padding\n'.repeat(300)}`;
  const project = makeProject({ 'small.yaml': deployment('small', 'nginx:1.25', null), 'big.yaml': big });
  after(project.cleanup);

  it('skips files over --max-file-size with a warning', () => {
    const run = runCli(['images', '--format', 'json', '--max-file-size', '0.002'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(imageFiles(run.stdout), ['small.yaml']);
    assert.match(run.stderr, /^kube-image-lens: warning: skipping 'big\.yaml': larger than 0\.002 MiB \(0\.0 MiB; see maxFileSizeMiB\)$/m);
  });

  it('reads them under the default limit', () => {
    const run = runCli(['images', '--format', 'json'], { cwd: project.dir });
    assert.deepEqual(imageFiles(run.stdout), ['big.yaml', 'small.yaml']);
  });

  it('rejects a limit that is not a positive number', () => {
    const run = runCli(['images', '--max-file-size', '0'], { cwd: project.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid value '0' for --max-file-size: expected a positive number/);
  });
});

describe('--jobs', () => {
  // Enough files in enough folders that workers get several batches each and finish out of order; binary and non-UTF-8 files for warnings in the stream.
  const files: Record<string, string | Buffer> = {};
  for (let index = 0; index < 400; index++) {
    const image = ['nginx:latest', 'redis:7', 'ghcr.io/acme/api:main', 'busybox'][index % 4] as string;
    files[`d${index % 7}/f${index}.yaml`] = `${deployment(`app${index}`, image, index % 3 === 0 ? null : 'IfNotPresent')}${index % 5 === 0 ? `---\n${latestCached}` : ''}`;
  }
  files['d3/binary.yaml'] = Buffer.from([0x61, 0x3a, 0x00]);
  // Another profile in one folder: the files of one batch to a worker do not all share settings.
  files['d2/.kube-image-lens.yaml'] = 'defaultProfile: prod\n';
  files['d5/latin1.yaml'] = Buffer.from('image: caf\xe9\n', 'latin1');
  const project = makeProject(files);
  after(project.cleanup);

  for (const args of [['check', '--format', 'json'], ['check'], ['check', '--format', 'sarif'], ['images'], ['images', '--format', 'json']]) {
    it(`${args.join(' ')}: the output of 1, 2 and 5 jobs is identical`, () => {
      const [one, two, five] = ['1', '2', '5'].map((jobs) => runCli([...args, '--jobs', jobs], { cwd: project.dir }));
      assert.ok(one && two && five);
      assert.ok(one.stdout.length > 1000);
      assert.match(one.stderr, /skipping 'd3\/binary\.yaml': binary file/);
      for (const other of [two, five]) {
        assert.equal(other.stdout, one.stdout);
        assert.equal(other.stderr, one.stderr);
        assert.equal(other.code, one.code);
      }
    });
  }

  it('rejects a job count that is not a positive integer', () => {
    const run = runCli(['check', '--jobs', '1.5'], { cwd: project.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid value '1\.5' for --jobs: expected a positive integer/);
  });
});

describe('--jobs left to its default', () => {
  // Preloaded into the CLI: each worker thread it starts says so on stderr.
  const countWorkers = [
    "const threads = require('node:worker_threads');",
    'const Original = threads.Worker;',
    "threads.Worker = class extends Original { constructor(...args) { super(...args); process.stderr.write('[worker thread started]\\n'); } };",
    '',
  ].join('\n');
  const workersStarted = (args: readonly string[], dir: string): number => {
    const preload = path.join(dir, 'count-workers.cjs');
    writeFileSync(preload, countWorkers);
    const run = runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--require ${preload}` } });
    assert.equal(run.code, 0, run.stderr);
    return run.stderr.split('[worker thread started]').length - 1;
  };
  const tree = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`d${index % 10}/f${index}.yaml`, latestCached]));
  const small = makeProject(tree(50));
  const large = makeProject(tree(2_000));
  after(small.cleanup);
  after(large.cleanup);

  it('analyses a small tree on one thread, unless jobs are asked for', () => {
    assert.equal(workersStarted(['check', '--format', 'json'], small.dir), 0);
    assert.equal(workersStarted(['check', '--format', 'json', '--jobs', '2'], small.dir), 2);
  });

  it('starts a worker per core once the tree has 2,000 files', { skip: availableParallelism() < 2 && 'one core: one thread whatever the tree' }, () => {
    assert.equal(workersStarted(['check', '--format', 'json'], large.dir), availableParallelism());
  });
});

