import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployment } from '../fixtures/manifests';

const REPO_ROOT = path.resolve(__dirname, '../..');
const ROOT_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ONE_MEGABYTE = 1024 * 1024;

/**
 * The npm package as users get it: `npm run package:cli` packs it, then it is
 * installed into an empty prefix with `--offline` (the package has no
 * dependencies, so nothing beyond the tarball may be needed) and run from a
 * directory outside this repository.
 */
describe('CLI npm package', () => {
  let work: string;
  let tarball: string;

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'kil-package-'));
    const printed = execFileSync('npm', ['run', '--silent', 'package:cli', '--', '--out', path.join(work, 'pack')], { cwd: REPO_ROOT, encoding: 'utf8' });
    tarball = printed.trim().split('\n').at(-1) ?? '';
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds only the bundled CLI (and its worker), its manifest, README, LICENSE and CHANGELOG, in under 1 MB', () => {
    const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(entries, ['package/CHANGELOG.md', 'package/LICENSE', 'package/README.md', 'package/dist/analysisWorker.js', 'package/dist/cli.js', 'package/package.json']);
    assert.ok(statSync(tarball).size < ONE_MEGABYTE, `tarball is ${statSync(tarball).size} bytes`);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    assert.equal(manifest.version, ROOT_VERSION, 'one version: the root manifest');
    assert.deepEqual(manifest.bin, { 'kube-image-lens': 'dist/cli.js' });
    assert.equal(manifest.dependencies, undefined, 'everything is bundled');
  });

  it('installs globally into an empty prefix without network and checks a sample', () => {
    const prefix = path.join(work, 'prefix');
    const npmEnv = { ...process.env, npm_config_cache: path.join(work, 'npm-cache') };
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, env: npmEnv, encoding: 'utf8' });
    const sample = path.join(work, 'sample');
    mkdirSync(sample);
    writeFileSync(path.join(sample, 'app.yaml'), deployment('nginx:latest', 'IfNotPresent'));
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };

    const version = spawnSync('kube-image-lens', ['--version'], { cwd: sample, env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${ROOT_VERSION}\n`);

    const check = spawnSync('kube-image-lens', ['check', '--format', 'json', '.'], { cwd: sample, env, encoding: 'utf8' });
    assert.equal(check.stderr, '');
    const diagnostics = (JSON.parse(check.stdout) as { diagnostics: Array<{ file: string; code: string }> }).diagnostics;
    assert.deepEqual(diagnostics.map((d) => [d.file, d.code]), [['app.yaml', 'latest-tag-cached']]);
  });

  it('runs through npx straight from the tarball', () => {
    const npx = spawnSync('npx', ['--offline', '--yes', '--package', tarball, '--', 'kube-image-lens', '--version'], {
      cwd: work,
      env: { ...process.env, npm_config_cache: path.join(work, 'npx-cache') },
      encoding: 'utf8',
    });
    assert.equal(npx.status, 0, npx.stderr);
    assert.equal(npx.stdout, `${ROOT_VERSION}\n`);
  });
});
