import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

// With the built-in severities: latest + IfNotPresent is info in dev, a
// warning in staging (the default profile) and an error in prod; an invalid
// policy is an error everywhere; a version tag with IfNotPresent is clean.
const project = makeProject({
  'latest-cached.yaml': deployment('web', 'nginx:latest', 'IfNotPresent'),
  'pinned.yaml': deployment('api', 'nginx:1.25.3', 'IfNotPresent'),
  'bad-policy.yaml': deployment('job', 'busybox:1.36', 'always'),
});
after(project.cleanup);

const check = (...args: string[]) => runCli(['check', ...args], { cwd: project.dir });

describe('check exit codes', () => {
  it('exits 0 for a clean file', () => {
    const run = check('pinned.yaml');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '✔ no problems in 1 file\n');
  });

  it('exits 0 for warnings with the default --fail-on error', () => {
    assert.equal(check('latest-cached.yaml').code, 0);
  });

  it('exits 1 for an error', () => {
    assert.equal(check('bad-policy.yaml').code, 1);
  });

  it('--fail-on decides which severities fail', () => {
    assert.equal(check('--fail-on', 'warning', 'latest-cached.yaml').code, 1);
    assert.equal(check('--fail-on', 'never', 'bad-policy.yaml').code, 0);
    assert.equal(check('--profile', 'dev', '--fail-on', 'warning', 'latest-cached.yaml').code, 0);
    assert.equal(check('--profile', 'dev', '--fail-on', 'info', 'latest-cached.yaml').code, 1);
  });

  it('--profile overrides the profile of every file', () => {
    const prod = check('--profile', 'prod', '--format', 'json', 'latest-cached.yaml');
    assert.equal(prod.code, 1);
    const severities = (JSON.parse(prod.stdout) as { diagnostics: Array<{ code: string; severity: string }> }).diagnostics
      .filter((diagnostic) => diagnostic.code === 'latest-tag-cached')
      .map((diagnostic) => diagnostic.severity);
    assert.deepEqual(severities, ['error']);
  });
});

describe('check --format text', () => {
  let stdout = '';
  before(() => {
    stdout = check('latest-cached.yaml', 'bad-policy.yaml', 'pinned.yaml').stdout;
  });

  it('groups findings under the file with 1-based line:col, severity, message and code', () => {
    const lines = stdout.split('\n');
    const header = lines.indexOf('latest-cached.yaml');
    assert.notEqual(header, -1, stdout);
    assert.match(lines[header + 1] ?? '', /^ {2}10:18 {2}warning {2}nginx:latest .* {2}latest-tag-cached$/);
    assert.match(stdout, /^bad-policy\.yaml\n {2}11:28 {2}error {2}.*always.* {2}invalid-pull-policy$/m);
  });

  it('ends with the ESLint-style summary', () => {
    assert.match(stdout, /\n✖ 2 problems \(1 error, 1 warning, 0 infos\)\n$/);
  });

  it('has no colour when stdout is not a terminal', () => {
    assert.ok(!stdout.includes('\u001b'), stdout);
  });
});

describe('check --format json', () => {
  it('is {"version":1,"diagnostics":[…]} with 0-based ranges', () => {
    const run = check('--format', 'json', 'latest-cached.yaml', 'pinned.yaml');
    const output = JSON.parse(run.stdout) as { version: number; diagnostics: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(output), ['version', 'diagnostics', 'errors', 'warnings']);
    assert.equal(output.version, 1);
    assert.equal(output.diagnostics.length, 1);
    assert.deepEqual(output.diagnostics[0], {
      file: 'latest-cached.yaml',
      range: { start: { line: 9, character: 17 }, end: { line: 9, character: 29 } },
      severity: 'warning',
      code: 'latest-tag-cached',
      message: (output.diagnostics[0] as { message: string }).message,
    });
    assert.match((output.diagnostics[0] as { message: string }).message, /nginx:latest/);
  });

  it('is valid JSON when there is nothing to report', () => {
    assert.deepEqual(JSON.parse(check('--format', 'json', 'pinned.yaml').stdout), { version: 1, diagnostics: [], errors: [], warnings: [] });
  });
});
