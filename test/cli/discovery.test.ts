import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

const files = (stdout: string) => [...new Set((JSON.parse(stdout) as { images: Array<{ file: string }> }).images.map((image) => image.file))];

describe('file discovery', () => {
  const project = makeProject({
    'top.yaml': deployment('top', 'nginx:1.25', null),
    'apps/a/deep.yml': deployment('deep', 'redis:7', null),
    'apps/b/upper.YAML': deployment('upper', 'redis:7', null),
    'apps/notes.txt': deployment('txt', 'redis:7', null),
    'node_modules/pkg/dep.yaml': deployment('dep', 'redis:7', null),
    '.git/config.yaml': deployment('git', 'redis:7', null),
    '.hidden/secret.yaml': deployment('hidden', 'redis:7', null),
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]),
    'latin1.yaml': Buffer.from('image: caf\xe9\n', 'latin1'),
  });
  after(project.cleanup);

  it('recurses into directories for *.yaml/*.yml in name order, skipping node_modules and hidden directories', () => {
    const run = runCli(['images', '--format', 'json'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(files(run.stdout), ['apps/a/deep.yml', 'apps/b/upper.YAML', 'top.yaml']);
  });

  it('reads a named file whatever its extension, and names files relative to the working directory', () => {
    const run = runCli(['images', '--format', 'json', 'apps/notes.txt', './apps/a'], { cwd: project.dir });
    assert.deepEqual(files(run.stdout), ['apps/notes.txt', 'apps/a/deep.yml']);
  });

  it('reports a file reached twice once', () => {
    const run = runCli(['images', '--format', 'json', 'top.yaml', '.'], { cwd: project.dir });
    assert.deepEqual(files(run.stdout), ['top.yaml', 'apps/a/deep.yml', 'apps/b/upper.YAML']);
  });

  it('skips binary and non-UTF-8 files with a warning instead of failing', () => {
    const run = runCli(['check', '.'], { cwd: project.dir });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /^kube-image-lens: warning: skipping 'binary\.yaml': binary file$/m);
    assert.match(run.stderr, /^kube-image-lens: warning: skipping 'latin1\.yaml': not valid UTF-8$/m);
  });

  it('defaults to the current directory', () => {
    const withDot = runCli(['images', '--format', 'json', '.'], { cwd: project.dir });
    const withNothing = runCli(['images', '--format', 'json'], { cwd: project.dir });
    assert.equal(withNothing.stdout, withDot.stdout);
  });
});
