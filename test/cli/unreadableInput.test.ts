import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

interface Problem {
  path: string;
  position: { line: number; character: number } | null;
  message: string;
}

interface JsonOutput {
  version: number;
  images?: Array<{ file: string; image: string }>;
  diagnostics?: Array<{ file: string }>;
  errors: Problem[];
  warnings: Problem[];
}

const isRoot = process.getuid?.() === 0;

describe('paths that cannot be read: every format stays complete and valid, everything readable is listed, exit 2', () => {
  const project = makeProject({
    'good.yaml': deployment('web', 'nginx:latest', null),
    'locked/inside.yaml': deployment('locked', 'redis:7', null),
    // The closing line of the flow sequence is at the indentation of `command`: the parser stops there.
    'broken.yaml': deployment('broken', 'busybox:1.36', null).replace('          image: busybox:1.36', '          command: [sh, -c\n          image: busybox:1.36'),
  });
  symlinkSync(path.join(project.dir, 'gone.yaml'), path.join(project.dir, 'dangling.yaml'));
  chmodSync(path.join(project.dir, 'locked'), 0o000);
  after(() => {
    chmodSync(path.join(project.dir, 'locked'), 0o755);
    project.cleanup();
  });
  const run = (...args: string[]) => runCli(args, { cwd: project.dir });

  it('images --format json: only a missing path gives a complete document with an errors array', () => {
    const result = run('images', '--format', 'json', 'does-not-exist');
    assert.equal(result.code, 2);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.deepEqual(output.images, []);
    assert.deepEqual(output.errors, [{ path: 'does-not-exist', position: null, message: "cannot read 'does-not-exist': no such file or directory" }]);
    assert.match(result.stderr, /^kube-image-lens: cannot read 'does-not-exist': no such file or directory$/m);
  });

  it('images --format json: a good and a missing path list the good file and report the missing one', () => {
    const result = run('images', '--format', 'json', 'does-not-exist', 'good.yaml');
    assert.equal(result.code, 2);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.deepEqual(
      output.images?.map((image) => [image.file, image.image]),
      [['good.yaml', 'nginx:latest']],
    );
    assert.deepEqual(
      output.errors.map((error) => error.path),
      ['does-not-exist'],
    );
  });

  it('a directory walk goes on past an unreadable directory', { skip: isRoot && 'root reads any directory' }, () => {
    const result = run('images', '--format', 'json', '.');
    assert.equal(result.code, 2);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.deepEqual(
      output.images?.map((image) => image.file),
      ['broken.yaml', 'good.yaml'],
    );
    assert.deepEqual(
      output.errors.map((error) => [error.path, error.message]),
      [['locked', "cannot read directory 'locked': permission denied"]],
    );
  });

  it('a directory walk names a dangling symbolic link instead of skipping it silently', () => {
    const result = run('images', '--format', 'json', '.');
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.ok(output.warnings.some((warning) => warning.path === 'dangling.yaml' && /dangling symbolic link/.test(warning.message)));
    assert.match(result.stderr, /^kube-image-lens: warning: cannot follow 'dangling\.yaml': dangling symbolic link \(its target does not exist\)$/m);
  });

  it('a document the parser cannot read is a warning naming the parser message and position', () => {
    const result = run('images', '--format', 'json', 'broken.yaml');
    assert.equal(result.code, 0, 'a partly read file is not an I/O error');
    const [warning] = (JSON.parse(result.stdout) as JsonOutput).warnings;
    assert.equal(warning?.path, 'broken.yaml');
    assert.deepEqual(warning?.position, { line: 10, character: 10 });
    assert.match(warning?.message ?? '', /^'broken\.yaml' line 11, column 11: the YAML parser stopped here \(Flow sequence .*\); images after this point may be missing$/);
    assert.match(result.stderr, /warning: 'broken\.yaml' line 11, column 11: the YAML parser stopped here/);
  });

  it('check --format json keeps the diagnostics of the good file and adds the errors', () => {
    const result = run('check', '--format', 'json', 'good.yaml', 'does-not-exist');
    assert.equal(result.code, 2);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.ok((output.diagnostics?.length ?? 0) > 0);
    assert.ok(output.diagnostics?.every((diagnostic) => diagnostic.file === 'good.yaml'));
    assert.deepEqual(
      output.errors.map((error) => error.path),
      ['does-not-exist'],
    );
  });

  it('check --format sarif reports the failed path as a tool execution notification', () => {
    const result = run('check', '--format', 'sarif', 'good.yaml', 'does-not-exist', 'broken.yaml');
    assert.equal(result.code, 2);
    const log = JSON.parse(result.stdout) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
        invocations: Array<{
          executionSuccessful: boolean;
          toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: object } }> }>;
        }>;
      }>;
    };
    const [sarifRun] = log.runs;
    assert.ok(sarifRun?.results.some((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'good.yaml'));
    const [invocation] = sarifRun?.invocations ?? [];
    assert.equal(invocation?.executionSuccessful, false);
    assert.deepEqual(
      invocation?.toolExecutionNotifications.map((n) => [n.level, n.locations[0]?.physicalLocation.artifactLocation.uri, n.locations[0]?.physicalLocation.region]),
      [
        ['error', 'does-not-exist', undefined],
        ['warning', 'broken.yaml', { startLine: 11, startColumn: 11 }],
      ],
    );
  });

  it('text output lists the readable files, then says how many paths could not be read', () => {
    const images = run('images', 'good.yaml', 'does-not-exist');
    assert.equal(images.code, 2);
    assert.match(images.stdout, /good\.yaml .*\n.*nginx:latest/);
    assert.match(images.stdout, /1 path could not be read/);
    const check = run('check', 'good.yaml', 'does-not-exist');
    assert.equal(check.code, 2);
    assert.match(check.stdout, /good\.yaml\n/);
    assert.match(check.stdout, /✖ 1 path could not be read/);
  });

  it('pin --format json stays one valid document with the errors array', () => {
    const result = run('pin', '--format', 'json', 'does-not-exist');
    assert.equal(result.code, 2);
    const output = JSON.parse(result.stdout) as JsonOutput;
    assert.deepEqual(output.images, []);
    assert.deepEqual(
      output.errors.map((error) => error.path),
      ['does-not-exist'],
    );
  });

  it('github, gitlab and junit formats name the failed path and the partly read file, and stay valid', () => {
    const args = ['good.yaml', 'does-not-exist', 'broken.yaml'];
    const github = run('check', '--format', 'github', ...args);
    assert.equal(github.code, 2);
    assert.match(github.stdout, /^::error file=does-not-exist,title=kube-image-lens::cannot read 'does-not-exist': no such file or directory$/m);
    assert.match(github.stdout, /^::warning file=broken\.yaml,line=11,col=11,title=kube-image-lens::.*the YAML parser stopped here/m);
    assert.match(github.stdout, /^::\w+ file=good\.yaml,/m);

    const gitlab = run('check', '--format', 'gitlab', ...args);
    assert.equal(gitlab.code, 2);
    const issues = JSON.parse(gitlab.stdout) as Array<{ check_name: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    assert.deepEqual(
      issues.filter((issue) => issue.location.path !== 'good.yaml').map((issue) => [issue.check_name, issue.severity, issue.location.path, issue.location.lines.begin]),
      [
        ['unreadable-path', 'major', 'does-not-exist', 1],
        ['partly-read', 'minor', 'broken.yaml', 11],
      ],
    );

    const junit = run('check', '--format', 'junit', ...args);
    assert.equal(junit.code, 2);
    assert.match(junit.stdout, /<testsuite name="does-not-exist" tests="1" failures="0" errors="1" skipped="0">\n\s*<testcase [^>]*><error message="cannot read &apos;does-not-exist&apos;: no such file or directory" type="unreadable-path">/);
    assert.match(junit.stdout, /<testsuite name="broken\.yaml" tests="1" failures="0" errors="0"[^>]*>\n\s*<testcase [^>]*><system-out>/);
    assert.match(junit.stdout, /<\/testsuites>\n$/);
  });
});
