import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { deployment } from '../fixtures/manifests';
import { REPO_ROOT } from '../cli/helpers';

const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
const preCommitMissing = spawnSync('pre-commit', ['--version']).status === 0 ? false : 'pre-commit is not installed (Debian package pre-commit; .ci/run installs it)';

/**
 * The published hook is `language: node`: pre-commit runs `npm install` in a
 * clone of this repository (devDependencies from the network; `prepare` builds
 * the CLI), `npm pack`, and `npm install -g` of that tarball into the hook's
 * environment. Here the last two steps run as pre-commit runs them (offline,
 * the build is already there), and the same hook definition, entry unchanged,
 * runs as a `repo: local` hook with that environment on the PATH. Real
 * pre-commit, real git.
 */
describe('pre-commit hook', { skip: preCommitMissing }, () => {
  let repo: string;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
  };
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  const write = (file: string, text: string) => writeFileSync(path.join(repo, file), text);
  const commit = (message: string) => {
    const result = git('commit', '-m', message);
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  };

  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'kil-precommit-'));
    env.PRE_COMMIT_HOME = path.join(repo, '.pre-commit-home');
    assert.equal(git('init', '-q', '-b', 'main').status, 0);
    const hook = hooks.find((candidate) => candidate.id === 'kube-image-lens');
    assert.ok(hook, 'the hook is declared');
    assert.equal(hook.language, 'node');
    const hookEnv = path.join(repo, '.pre-commit-home', 'node_env');
    const tarball = execFileSync('npm', ['pack', '--silent', '--offline', '--pack-destination', repo], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    execFileSync('npm', ['install', '-g', '--prefix', hookEnv, '--offline', '--no-audit', '--no-fund', path.join(repo, tarball)], { cwd: repo, env: { ...env, npm_config_cache: path.join(repo, '.pre-commit-home', 'npm-cache') } });
    rmSync(path.join(repo, tarball));
    env.PATH = `${path.join(hookEnv, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`;
    const localHook: Record<string, unknown> = { ...hook, language: 'system' };
    delete localHook.minimum_pre_commit_version;
    write('.gitignore', '.pre-commit-home/\n');
    write('.pre-commit-config.yaml', stringify({ repos: [{ repo: 'local', hooks: [localHook] }] }));
    const install = spawnSync('pre-commit', ['install'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    git('add', '.gitignore', '.pre-commit-config.yaml');
    assert.equal(commit('setup').code, 0);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('blocks a commit whose staged manifest has an error, naming the file and the code', () => {
    write('prod-web.yaml', deployment('nginx:latest', null));
    write('notes.txt', 'not yaml, not checked\n');
    git('add', 'prod-web.yaml', 'notes.txt');
    const result = commit('add web');
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, /kube-image-lens\.+Failed/);
    assert.match(result.output, /prod-web\.yaml/);
    assert.match(result.output, /always-pull-latest-prod/);
    assert.doesNotMatch(result.output, /notes\.txt/);
  });

  it('checks the staged content, not the working tree', () => {
    write('prod-web.yaml', deployment('nginx:1.27.1', 'IfNotPresent'));
    git('add', 'prod-web.yaml');
    write('prod-web.yaml', deployment('nginx:latest', null)); // unstaged: pre-commit stashes it
    const result = commit('add pinned web');
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /kube-image-lens\.+Passed/);
    assert.equal(readFileSync(path.join(repo, 'prod-web.yaml'), 'utf8'), deployment('nginx:latest', null), 'the unstaged edit is restored');
  });

  it('skips commits without YAML and the settings file', () => {
    write('.kube-image-lens.yaml', 'defaultProfile: prod\n');
    git('add', '.kube-image-lens.yaml');
    const result = commit('settings only');
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /kube-image-lens\.+\(no files to check\)Skipped/);
  });
});
