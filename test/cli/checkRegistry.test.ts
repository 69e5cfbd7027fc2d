/**
 * `check --registry` end to end: the bundled CLI (out/cli.js) against real
 * registries (Debian docker-registry on 127.0.0.1, see test/registry/harness).
 * The CLI runs asynchronously: the registries and token server live in this process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../registry/harness/freePort';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import { makeProject, runCliAsync } from './helpers';
import type { CliRun } from './helpers';

interface Diagnostic {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

const MULTI_ARCH = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** A Pod with one container; `spec` lines go under `spec:` before the containers. */
function pod(image: string, spec: string[] = []): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', ...spec.map((line) => `  ${line}`), '  containers:', '    - name: web', `      image: ${image}`, ''].join('\n');
}

/** Runs `check` in a temporary project holding `files`, with extra arguments and environment. */
async function check(files: Record<string, string>, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const project = makeProject(files);
  try {
    return await runCliAsync(['check', ...args], { cwd: project.dir, env });
  } finally {
    project.cleanup();
  }
}

async function checkJson(files: Record<string, string>, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ run: CliRun; diagnostics: Diagnostic[] }> {
  const run = await check(files, ['--registry', '--format', 'json', ...args, '.'], env);
  const output = JSON.parse(run.stdout) as { version: number; diagnostics: Diagnostic[] };
  return { run, diagnostics: output.diagnostics };
}

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((diagnostic) => diagnostic.code);

describe('check --registry against a plain registry', () => {
  let reg: RunningRegistry;
  let host: string;
  let oldDigest: string;
  let newDigest: string;
  let multi: Awaited<ReturnType<typeof pushImage>>;
  before(async () => {
    reg = await startRegistry({});
    host = reg.host;
    await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' });
    // A tag that moves: pushed twice with different content.
    oldDigest = (await pushImage(reg, { repo: 'team/moving', tag: '1.0', format: 'oci', seed: 'first' })).digest;
    newDigest = (await pushImage(reg, { repo: 'team/moving', tag: '1.0', format: 'oci', seed: 'second' })).digest;
    multi = await pushImage(reg, { repo: 'team/multi', tag: 'v1', format: 'oci', platforms: MULTI_ARCH });
  });
  after(async () => {
    await reg?.stop();
  });

  test('an existing tag gives no registry finding (exit 0)', async () => {
    const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(`${host}/team/app:1.0`) });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(diagnostics, []);
    assert.equal(run.stderr, '', 'no progress or warnings off a terminal');
  });

  test('an unknown tag is image-not-found, an error: exit 1 with the default --fail-on', async () => {
    const run = await check({ 'pod.yaml': pod(`${host}/team/app:no-such-tag`) }, ['--registry', 'pod.yaml']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^ {2}8:14 {2}error {2}.*no-such-tag.*ImagePullBackOff.* {2}image-not-found$/m);
  });

  test('without --registry nothing is looked up', async () => {
    const run = await check({ 'pod.yaml': pod(`${host}/team/app:no-such-tag`) }, ['pod.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /image-not-found/);
  });

  test('a pin the tag has moved away from is digest-drift', async () => {
    const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(`${host}/team/moving:1.0@${oldDigest}`) });
    assert.equal(run.code, 0, run.stderr);
    const drift = diagnostics.find((diagnostic) => diagnostic.code === 'digest-drift');
    assert.ok(drift, JSON.stringify(diagnostics));
    assert.equal(drift.severity, 'warning');
    assert.ok(drift.message.includes(newDigest) && drift.message.includes(oldDigest), drift.message);
  });

  test('a pin that is still current is no drift', async () => {
    const { diagnostics } = await checkJson({ 'pod.yaml': pod(`${host}/team/moving:1.0@${newDigest}`) });
    assert.ok(!codes(diagnostics).includes('digest-drift'), JSON.stringify(diagnostics));
  });

  test('a pinned child digest of a multi-arch index is platform-digest', async () => {
    const child = multi.children[1];
    assert.ok(child);
    const { diagnostics } = await checkJson({ 'pod.yaml': pod(`${host}/team/multi:v1@${child.digest}`) });
    const found = diagnostics.find((diagnostic) => diagnostic.code === 'platform-digest');
    assert.ok(found, JSON.stringify(diagnostics));
    assert.match(found.message, /linux\/arm64\/v8/);
    assert.ok(found.message.includes(multi.digest));
  });

  test('a nodeSelector for an architecture the index lacks is platform-missing (error, exit 1)', async () => {
    const selector = ['nodeSelector:', '  kubernetes.io/arch: s390x'];
    const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(`${host}/team/multi:v1`, selector) });
    assert.equal(run.code, 1, run.stderr);
    const found = diagnostics.find((diagnostic) => diagnostic.code === 'platform-missing');
    assert.ok(found, JSON.stringify(diagnostics));
    assert.equal(found.severity, 'error');
    assert.match(found.message, /kubernetes\.io\/arch=s390x.*linux\/amd64, linux\/arm64\/v8/);

    const supported = await checkJson({ 'pod.yaml': pod(`${host}/team/multi:v1`, ['nodeSelector:', '  kubernetes.io/arch: arm64']) });
    assert.deepEqual(supported.diagnostics, []);
  });

  test('JSON keeps every file and finding, registry findings after the image’s own', async () => {
    const { run, diagnostics } = await checkJson({
      'a.yaml': [pod(`${host}/team/app:missing`), pod(`${host}/team/moving:latest`)].join('---\n'),
      'b.yaml': pod(`${host}/team/moving:1.0@${oldDigest}`),
    });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.range.start.line + 1} ${diagnostic.code}`),
      [
        'a.yaml:8 image-not-found',
        'a.yaml:17 mutable-tag',
        'a.yaml:17 image-not-found',
        'b.yaml:8 tag-ignored-with-digest',
        'b.yaml:8 digest-drift',
      ],
    );
  });

  test('SARIF carries the registry findings too', async () => {
    const run = await check({ 'pod.yaml': pod(`${host}/team/app:no-such-tag`) }, ['--registry', '--format', 'sarif', '.']);
    assert.equal(run.code, 1, run.stderr);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    const results = sarif.runs[0]?.results ?? [];
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.level]),
      [['image-not-found', 'error']],
    );
  });

  test('a suppression comment also silences a registry finding', async () => {
    const text = pod(`${host}/team/app:no-such-tag`).replace('    - name: web\n', '    - name: web\n      # kube-image-lens-disable-next-line image-not-found -- built later in the pipeline\n');
    const { run, diagnostics } = await checkJson({ 'pod.yaml': text });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(diagnostics, []);
  });

  test('a registry on a closed port is registry-unreachable, info: exit 0', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(`${closed}/team/app:1.0`) });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['registry-unreachable', 'info']],
    );
    assert.match(diagnostics[0]?.message ?? '', /Could not check .*ECONNREFUSED/);

    const strict = await check({ 'pod.yaml': pod(`${closed}/team/app:1.0`) }, ['--registry', '--fail-on', 'info', '.']);
    assert.equal(strict.code, 1, 'info findings fail only when asked to');
  });
});

describe('check --registry against a token-auth registry', () => {
  let reg: RunningRegistry;
  let image: string;
  let dockerConfig: { dir: string; cleanup: () => void };
  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    image = `${reg.host}/private/app:1.0`;
    await pushImage(reg, { repo: 'private/app', tag: '1.0', format: 'docker' });
    const user = reg.users[0];
    assert.ok(user);
    const auth = Buffer.from(`${user.username}:${user.password}`).toString('base64');
    dockerConfig = makeProject({ 'config.json': JSON.stringify({ auths: { [reg.host]: { auth } } }) });
  });
  after(async () => {
    dockerConfig?.cleanup();
    await reg?.stop();
  });

  test('credentials were needed and the pod names no imagePullSecrets: missing-pull-secret', async () => {
    const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(image) }, [], { DOCKER_CONFIG: dockerConfig.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['missing-pull-secret', 'info']],
    );
    assert.ok(!run.stdout.includes(reg.users[0]?.password ?? '\0'), 'no credential in the output');
  });

  test(
    'several private repositories of one registry in one run are all looked up with the credentials',
    async () => {
      await pushImage(reg, { repo: 'private/other', tag: '1.0', format: 'docker', seed: 'other' });
      const { diagnostics } = await checkJson(
        { 'a.yaml': pod(image), 'b.yaml': pod(`${reg.host}/private/other:1.0`) },
        [],
        { DOCKER_CONFIG: dockerConfig.dir },
      );
      assert.deepEqual(
        diagnostics.map((diagnostic) => `${diagnostic.file} ${diagnostic.code}`),
        ['a.yaml missing-pull-secret', 'b.yaml missing-pull-secret'],
      );
    },
  );

  test('with imagePullSecrets there is nothing to report', async () => {
    const { diagnostics } = await checkJson({ 'pod.yaml': pod(image, ['imagePullSecrets:', '  - name: regcred']) }, [], { DOCKER_CONFIG: dockerConfig.dir });
    assert.deepEqual(diagnostics, []);
  });

  test('without credentials the lookup is registry-auth-required, info: exit 0', async () => {
    const empty = makeProject({ 'config.json': '{"auths":{}}' });
    try {
      const { run, diagnostics } = await checkJson({ 'pod.yaml': pod(image) }, [], { DOCKER_CONFIG: empty.dir, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: empty.dir, HOME: empty.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
        [['registry-auth-required', 'info']],
      );
    } finally {
      empty.cleanup();
    }
  });
});

describe('check --registry usage', () => {
  test('--help documents the registry flags', async () => {
    const run = await runCliAsync(['check', '--help']);
    assert.equal(run.code, 0);
    for (const flag of ['--registry', '--insecure-registry', '--ca-file', 'registry-unreachable']) {
      assert.ok(run.stdout.includes(flag), flag);
    }
  });

  test('--ca-file without --registry is a usage error (exit 2)', async () => {
    const run = await runCliAsync(['check', '--ca-file', 'ca.pem', '.']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /only apply with --registry/);
  });

  test('an unreadable --ca-file is a configuration error (exit 2), not a finding per image', async () => {
    const run = await check({ 'pod.yaml': pod('127.0.0.1:5000/team/app:1.0') }, ['--registry', '--ca-file', 'missing.pem', '.']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read 'missing\.pem': no such file or directory/);
    assert.equal(run.stdout, '');
  });
});
