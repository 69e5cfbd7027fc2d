import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as path from 'node:path';
import { deployment, makeProject, runCli } from './helpers';

interface Diagnostic {
  file: string;
  code: string;
  severity: string;
}

const diagnostics = (stdout: string) => (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
const latestCached = deployment('web', 'nginx:latest', 'IfNotPresent');

describe('.kube-image-lens.yaml', () => {
  const project = makeProject({
    '.kube-image-lens.yaml': ['profiles:', '  - pattern: "live/**"', '    profile: prod', 'severity:', '  mutable-tag: off', ''].join('\n'),
    'live/web.yaml': latestCached,
    'sandbox/web.yaml': latestCached,
    'ci/strict.yaml': ['defaultProfile: prod', ''].join('\n'),
    'ci/broken.yaml': ['severity:', '  no-such-rule: error', ''].join('\n'),
    'ci/tagged.yaml': ['defaultProfile: !prod prod', ''].join('\n'),
  });
  after(project.cleanup);

  it('is read from the working directory; its globs match paths relative to it', () => {
    const run = runCli(['check', '--format', 'json', '--fail-on', 'never'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      diagnostics(run.stdout).map(({ file, code, severity }) => `${file} ${code} ${severity}`),
      ['live/web.yaml latest-tag-cached error', 'sandbox/web.yaml latest-tag-cached warning'],
    );
  });

  it('globs stay relative to the config file when run from elsewhere with --config', () => {
    const run = runCli(['check', '--format', 'json', '--config', path.join(project.dir, '.kube-image-lens.yaml'), path.join(project.dir, 'live')], {
      cwd: path.dirname(project.dir),
    });
    assert.equal(run.code, 1);
    assert.deepEqual(
      diagnostics(run.stdout).map(({ code, severity }) => `${code} ${severity}`),
      ['latest-tag-cached error'],
    );
  });

  it('--config replaces the one in the working directory', () => {
    // ci/strict.yaml makes every file prod; the working directory's config would leave sandbox/ in staging (a warning).
    const run = runCli(['check', '--format', 'json', '--config', 'ci/strict.yaml', 'sandbox'], { cwd: project.dir });
    assert.equal(run.code, 1);
    assert.deepEqual(
      diagnostics(run.stdout).map(({ code, severity }) => `${code} ${severity}`),
      ['latest-tag-cached error'],
    );
  });

  it('--profile wins over the config globs', () => {
    const run = runCli(['check', '--format', 'json', '--profile', 'dev', 'live'], { cwd: project.dir });
    assert.deepEqual(
      diagnostics(run.stdout).map(({ severity }) => severity),
      ['info'],
    );
  });

  it('an invalid config stops the run with exit 2', () => {
    const run = runCli(['check', '--config', 'ci/broken.yaml', 'live'], { cwd: project.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^kube-image-lens: invalid configuration in 'ci\/broken\.yaml': .*no-such-rule/);
    assert.equal(run.stdout, '');
  });

  it('a tag the YAML parser does not know is our one message, not a library warning on stderr', () => {
    const run = runCli(['check', '--format', 'json', '--config', 'ci/tagged.yaml', 'sandbox'], { cwd: project.dir });
    assert.equal(run.stderr, '');
    assert.deepEqual(
      diagnostics(run.stdout).map((d) => [d.file, d.severity]),
      [['sandbox/web.yaml', 'error']],
    );
  });
});
