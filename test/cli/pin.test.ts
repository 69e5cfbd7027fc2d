/**
 * `pin` end to end: the bundled CLI (out/cli.js) against a real registry
 * (Debian docker-registry on 127.0.0.1, plain HTTP, see test/registry/harness).
 * The CLI runs asynchronously: the registry harness lives in this process.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { replaceFileAtomically } from '../../server/src/workspace/atomicWrite';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import { makeProject, runCliAsync } from './helpers';

interface PinJson {
  version: number;
  images: Array<{ file: string; range: unknown; image: string; status: string; digest: string | null; newImage: string | null; error: string | null }>;
}

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

describe('pin against a real registry', () => {
  let reg: RunningRegistry;
  let host: string;
  const digests: Record<string, string> = {};
  before(async () => {
    reg = await startRegistry({});
    host = reg.host;
    digests.app = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' })).digest;
    digests.worker = (await pushImage(reg, { repo: 'team/worker', tag: '2.1', format: 'oci', seed: 'worker' })).digest;
    const ociIndex = await pushImage(reg, { repo: 'multi/oci', tag: 'v1', format: 'oci', platforms: PLATFORMS });
    const dockerList = await pushImage(reg, { repo: 'multi/docker', tag: 'v1', format: 'docker', platforms: PLATFORMS });
    digests.ociIndex = ociIndex.digest;
    digests.dockerList = dockerList.digest;
    digests.ociChild = ociIndex.children[0]?.digest ?? '';
    digests.dockerChild = dockerList.children[0]?.digest ?? '';
  });
  after(async () => {
    await reg?.stop();
  });

  function pod(image: string): string {
    return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:', '    - name: web', `      image: ${image}`, ''].join('\n');
  }

  test('dry run prints a unified diff and changes nothing', async () => {
    const content = pod(`${host}/team/app:1.0`);
    const project = makeProject({ 'pod.yaml': content });
    try {
      const run = await runCliAsync(['pin', 'pod.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        [
          '--- a/pod.yaml',
          '+++ b/pod.yaml',
          '@@ -5,4 +5,4 @@',
          ' spec:',
          '   containers:',
          '     - name: web',
          `-      image: ${host}/team/app:1.0`,
          `+      image: ${host}/team/app:1.0@${digests.app}`,
          '',
        ].join('\n'),
      );
      assert.equal(readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8'), content);
    } finally {
      project.cleanup();
    }
  });

  test('--write pins a block scalar image in place and an aliased image once, at its anchor', async () => {
    const content = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: folded',
      '      image: >-',
      `        ${host}/team/worker:2.1`,
      '    - name: a',
      `      image: &appimg ${host}/team/app:1.0`,
      '    - name: b',
      '      image: *appimg',
      '',
    ].join('\n');
    const project = makeProject({ 'pod.yaml': content });
    try {
      const run = await runCliAsync(['pin', '--write', '--format', 'json', 'pod.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      const statuses = (JSON.parse(run.stdout) as PinJson).images.map((image) => image.status);
      assert.deepEqual(statuses, ['pinned', 'pinned', 'pinned']);
      const written = readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8');
      assert.equal(
        written,
        content.replace(`${host}/team/worker:2.1`, `${host}/team/worker:2.1@${digests.worker}`).replace(`&appimg ${host}/team/app:1.0`, `&appimg ${host}/team/app:1.0@${digests.app}`),
      );
      assert.match(written, /image: \*appimg\n/, 'the alias still shares the anchored value');
    } finally {
      project.cleanup();
    }
  });

  test('--write on a multi-document CRLF file changes only the image scalars', async () => {
    const lines = [
      '# top comment: image: keep me',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: "a"}   # trailing',
      'spec:',
      '  containers:',
      `    - image: "${host}/team/app:1.0"   # double quoted`,
      '      name: a',
      `    - {name: b, image: '${host}/team/worker:2.1'}`,
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: d',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: c',
      `          image: ${host}/multi/oci:v1 # plain`,
      '          imagePullPolicy: IfNotPresent',
      '',
    ];
    const original = lines.join('\r\n');
    const project = makeProject({ 'app.yaml': original });
    const file = path.join(project.dir, 'app.yaml');
    try {
      const run = await runCliAsync(['pin', '--write', '.'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      const written = readFileSync(file, 'utf8');
      const expected = original
        .replace(`"${host}/team/app:1.0"`, `"${host}/team/app:1.0@${digests.app}"`)
        .replace(`'${host}/team/worker:2.1'`, `'${host}/team/worker:2.1@${digests.worker}'`)
        .replace(`${host}/multi/oci:v1 #`, `${host}/multi/oci:v1@${digests.ociIndex} #`);
      assert.equal(written, expected);
      assert.equal(written.split('\r\n').length, lines.length, 'CRLF kept');
      assert.match(run.stdout, /app\.yaml:7:\d+: pinned /);
      // Nothing left to do afterwards.
      const again = await runCliAsync(['pin', '--format', 'json', '.'], { cwd: project.dir });
      assert.equal(again.code, 0);
      assert.deepEqual(
        (JSON.parse(again.stdout) as PinJson).images.map((image) => image.status),
        ['already-pinned', 'already-pinned', 'already-pinned'],
      );
    } finally {
      project.cleanup();
    }
  });

  test('--write keeps the file mode and leaves no temporary file behind', async () => {
    const project = makeProject({ 'pod.yaml': pod(`${host}/team/app:1.0`) });
    const file = path.join(project.dir, 'pod.yaml');
    try {
      chmodSync(file, 0o640);
      const run = await runCliAsync(['pin', '--write', 'pod.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(project.dir), ['pod.yaml']);
      assert.ok(readFileSync(file, 'utf8').includes(`@${digests.app}`));
    } finally {
      project.cleanup();
    }
  });

  for (const [repo, indexKey, childKey] of [
    ['multi/oci', 'ociIndex', 'ociChild'],
    ['multi/docker', 'dockerList', 'dockerChild'],
  ] as const) {
    test(`multi-arch ${repo}: pins the index digest, not a platform's`, async () => {
      const project = makeProject({ 'pod.yaml': pod(`${host}/${repo}:v1`) });
      try {
        const run = await runCliAsync(['pin', '--write', '--format', 'json', 'pod.yaml'], { cwd: project.dir });
        assert.equal(run.code, 0, run.stderr);
        const [image] = (JSON.parse(run.stdout) as PinJson).images;
        assert.equal(image?.digest, digests[indexKey]);
        assert.notEqual(image?.digest, digests[childKey]);
        assert.equal(readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8'), pod(`${host}/${repo}:v1@${digests[indexKey]}`));
      } finally {
        project.cleanup();
      }
    });
  }

  test('--digest-only drops the tag', async () => {
    const project = makeProject({ 'pod.yaml': pod(`${host}/team/app:1.0`) });
    try {
      const run = await runCliAsync(['pin', '--write', '--digest-only', 'pod.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8'), pod(`${host}/team/app@${digests.app}`));
    } finally {
      project.cleanup();
    }
  });

  test('an image that already has a digest is left alone', async () => {
    const pinned = pod(`${host}/team/app:0.9@${digests.worker}`);
    const project = makeProject({ 'pod.yaml': pinned });
    try {
      const run = await runCliAsync(['pin', '--write', '--format', 'json', 'pod.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      const [image] = (JSON.parse(run.stdout) as PinJson).images;
      assert.deepEqual({ status: image?.status, digest: image?.digest, newImage: image?.newImage, error: image?.error }, {
        status: 'already-pinned',
        digest: null,
        newImage: null,
        error: null,
      });
      assert.equal(readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8'), pinned);
    } finally {
      project.cleanup();
    }
  });

  test('an unknown tag fails with a clear message, exit 1, and the file untouched', async () => {
    const content = [pod(`${host}/team/app:no-such-tag`), pod(`${host}/team/app:1.0`)].join('---\n');
    const project = makeProject({ 'pod.yaml': content });
    try {
      const text = await runCliAsync(['pin', '--write', 'pod.yaml'], { cwd: project.dir });
      assert.equal(text.code, 1);
      assert.match(text.stderr, /pod\.yaml:8:14: cannot pin '.*team\/app:no-such-tag': .*no-such-tag/);
      assert.doesNotMatch(text.stderr, /\n\s+at /, 'no stack trace');
      // The other image in the file is pinned; the failing one is not touched.
      assert.equal(readFileSync(path.join(project.dir, 'pod.yaml'), 'utf8'), content.replace(`app:1.0\n`, `app:1.0@${digests.app}\n`));

      const onlyUnknown = makeProject({ 'pod.yaml': pod(`${host}/team/app:no-such-tag`) });
      try {
        const json = await runCliAsync(['pin', '--write', '--format', 'json', 'pod.yaml'], { cwd: onlyUnknown.dir });
        assert.equal(json.code, 1);
        const [image] = (JSON.parse(json.stdout) as PinJson).images;
        assert.equal(image?.status, 'failed');
        assert.equal(image?.newImage, null);
        assert.equal(image?.digest, null);
        assert.match(image?.error ?? '', /no-such-tag/);
        assert.equal(readFileSync(path.join(onlyUnknown.dir, 'pod.yaml'), 'utf8'), pod(`${host}/team/app:no-such-tag`));
      } finally {
        onlyUnknown.cleanup();
      }
    } finally {
      project.cleanup();
    }
  });

  test('JSON output has exactly the documented shape; skipped images carry a reason', async () => {
    const project = makeProject({
      'a.yaml': [pod(`${host}/team/app:1.0`), pod('Not_A_Valid_Image!'), pod(`${host}/team/app:1.0`)].join('---\n'),
    });
    try {
      const run = await runCliAsync(['pin', '--format', 'json', 'a.yaml'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      const output = JSON.parse(run.stdout) as PinJson;
      assert.deepEqual(Object.keys(output), ['version', 'images', 'errors', 'warnings']);
      assert.equal(output.version, 1);
      assert.equal(output.images.length, 3);
      for (const image of output.images) {
        assert.deepEqual(Object.keys(image), ['file', 'range', 'image', 'status', 'digest', 'newImage', 'error']);
      }
      const [first, invalid, third] = output.images;
      assert.deepEqual(first, {
        file: 'a.yaml',
        range: { start: { line: 7, character: 13 }, end: { line: 7, character: 13 + `${host}/team/app:1.0`.length } },
        image: `${host}/team/app:1.0`,
        status: 'pinned',
        digest: digests.app,
        newImage: `${host}/team/app:1.0@${digests.app}`,
        error: null,
      });
      assert.equal(invalid?.status, 'skipped');
      assert.equal(invalid?.digest, null);
      assert.equal(invalid?.newImage, null);
      assert.match(invalid?.error ?? '', /invalid image reference/);
      assert.equal(third?.newImage, first?.newImage);
    } finally {
      project.cleanup();
    }
  });

  test('a file changed between analysis and write is refused', async () => {
    // Simulated by the atomic writer directly: the CLI run is too quick to race reliably.
    const project = makeProject({ 'pod.yaml': 'image: a\n' });
    const file = path.join(project.dir, 'pod.yaml');
    try {
      writeFileSync(file, 'image: b\n');
      await assert.rejects(replaceFileAtomically(file, 'image: a\n', 'image: c\n'), /file changed while pinning/);
      assert.equal(readFileSync(file, 'utf8'), 'image: b\n');
    } finally {
      project.cleanup();
    }
  });
});

describe('pin usage', () => {
  test('--help documents the command', async () => {
    const run = await runCliAsync(['pin', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: kube-image-lens pin \[options\] \[PATH\.\.\.\]/);
    for (const flag of ['--write', '--keep-tag', '--digest-only', '--format', '--insecure-registry', '--ca-file']) {
      assert.ok(run.stdout.includes(flag), flag);
    }
  });

  test('--keep-tag with --digest-only is a usage error (exit 2)', async () => {
    const run = await runCliAsync(['pin', '--keep-tag', '--digest-only', '.']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot be used together/);
  });
});
