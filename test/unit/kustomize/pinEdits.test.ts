import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildKustomization } from '../../../server/src/core/kustomize/build';
import { splitImage } from '../../../server/src/core/kustomize/imageTag';
import type { PinMode } from '../../../server/src/core/kustomize/pinEdits';
import { pinEdits } from '../../../server/src/core/kustomize/pinEdits';
import { oracleSkipReason, oracles } from '../../oracles/oracles';
import { applyEdits, memoryFiles } from './helpers';
import { kubectlKustomize } from './kubectlOracle';
import { nodeFileAccess } from './nodeFileAccess';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const FIXTURES = path.resolve(__dirname, '../../fixtures/kustomize');

function pod(image: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: main\n      image: ${image}\n`;
}

/** Builds a one-folder tree (overlay over base) and pins its only container. */
function pinned(overlay: string, mode: PinMode, baseImage = 'acme/app:1.0', baseKustomization = 'resources: [pod.yaml]\n'): string {
  const files = { '/t/o/kustomization.yaml': overlay, '/t/base/kustomization.yaml': baseKustomization, '/t/base/pod.yaml': pod(baseImage) };
  const build = buildKustomization(memoryFiles(files), '/t/o');
  const container = build.containers[0];
  assert.ok(container);
  const result = pinEdits(container, DIGEST, mode, { file: '/t/o/kustomization.yaml', text: overlay });
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.ok(result.edits.every((edit) => edit.file === '/t/o/kustomization.yaml'), 'only the overlay is edited');
  return applyEdits(overlay, result.edits);
}

test('keep-tag: a digest line after the entry, comments and layout kept', () => {
  const overlay = 'resources:\n  - ../base\nimages:\n  # pinned for the release\n  - name: acme/app\n    newTag: "1.2" # release\nnamePrefix: prod-\n';
  assert.equal(pinned(overlay, 'keepTag'), `resources:\n  - ../base\nimages:\n  # pinned for the release\n  - name: acme/app\n    newTag: "1.2" # release\n    digest: ${DIGEST}\nnamePrefix: prod-\n`);
});

test('digest-only: newTag gives way to the digest', () => {
  const overlay = 'resources:\n  - ../base\nimages:\n  - name: acme/app\n    newTag: "1.2"\n    newName: registry.example.com/acme/app\n';
  assert.equal(pinned(overlay, 'digestOnly'), `resources:\n  - ../base\nimages:\n  - name: acme/app\n    digest: ${DIGEST}\n    newName: registry.example.com/acme/app\n`);
  const first = 'resources: [../base]\nimages:\n- newTag: "1.2"\n  name: acme/app\n  digest: sha256:' + '00'.repeat(32) + '\n';
  assert.equal(pinned(first, 'digestOnly'), `resources: [../base]\nimages:\n- digest: ${DIGEST}\n  name: acme/app\n`);
});

test('an existing digest is replaced; flow-style entries stay flow style', () => {
  const overlay = `resources: [../base]\nimages:\n  - name: acme/app\n    newTag: v2\n    digest: sha256:${'00'.repeat(32)}\n`;
  assert.equal(pinned(overlay, 'keepTag'), `resources: [../base]\nimages:\n  - name: acme/app\n    newTag: v2\n    digest: ${DIGEST}\n`);
  const flow = 'resources: [../base]\nimages:\n  - {name: acme/app, newTag: v2, newName: acme/app2}\n';
  assert.equal(pinned(flow, 'keepTag'), `resources: [../base]\nimages:\n  - {name: acme/app, newTag: v2, newName: acme/app2, digest: ${DIGEST}}\n`);
  assert.equal(pinned(flow, 'digestOnly'), `resources: [../base]\nimages:\n  - {name: acme/app, digest: ${DIGEST}, newName: acme/app2}\n`);
});

test('keep-tag adds newTag when the entry only renames, since a digest alone drops the tag', () => {
  const overlay = 'resources: [../base]\nimages:\n  - name: acme/app\n    newName: mirror.example.com/acme/app\n';
  assert.equal(pinned(overlay, 'keepTag'), `resources: [../base]\nimages:\n  - name: acme/app\n    newName: mirror.example.com/acme/app\n    newTag: "1.0"\n    digest: ${DIGEST}\n`);
});

test('no entry in the overlay: one is added (never in the base), in the list or as a new section', () => {
  const withList = 'resources:\n  - ../base\nimages:\n  - name: other/image\n    newTag: v1\n';
  assert.equal(pinned(withList, 'keepTag'), `resources:\n  - ../base\nimages:\n  - name: other/image\n    newTag: v1\n  - name: acme/app:1.0\n    newTag: "1.0"\n    digest: ${DIGEST}\n`);
  const without = 'resources:\n- ../base';
  assert.equal(pinned(without, 'digestOnly'), `resources:\n- ../base\nimages:\n- name: acme/app:1.0\n  digest: ${DIGEST}\n`);
  const flowList = 'resources: [../base]\nimages: [{name: other/image, newTag: v1}]\n';
  assert.equal(pinned(flowList, 'digestOnly'), `resources: [../base]\nimages: [{name: other/image, newTag: v1}, {name: acme/app:1.0, digest: ${DIGEST}}]\n`);
  // The base's entry produced the image: the overlay gets its own entry for the deployed name.
  const fromBase = pinned('resources: [../base]\n', 'keepTag', 'acme/app', 'resources: [pod.yaml]\nimages:\n  - name: acme/app\n    newTag: "3.1"\n');
  assert.equal(fromBase, `resources: [../base]\nimages:\n- name: acme/app:3.1\n  newTag: "3.1"\n  digest: ${DIGEST}\n`);
});

test('an invalid digest is refused', () => {
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': 'resources: [pod.yaml]\n', '/t/o/pod.yaml': pod('acme/app:1') }), '/t/o');
  const result = pinEdits(build.containers[0] as never, 'sha256:abc', 'keepTag', { file: '/t/o/kustomization.yaml', text: 'resources: [pod.yaml]\n' });
  assert.deepEqual(result, { ok: false, error: 'invalid digest format' });
});

for (const mode of ['keepTag', 'digestOnly'] as const) {
  test(`pinning every container of every fixture overlay (${mode}): kubectl kustomize then deploys the digest, bases untouched`, { skip: oracleSkipReason() }, () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kil-kustomize-pin-'));
    try {
      for (const tree of ['shop', 'matching', 'chaining', 'smp', 'nested', 'legacy']) {
        cpSync(path.join(FIXTURES, tree), path.join(work, tree), { recursive: true });
        for (const env of ['dev', 'staging', 'prod']) {
          const overlay = path.join(work, tree, 'overlays', env);
          const build = buildKustomization(nodeFileAccess, overlay);
          if (build.kustomizationFile === null) {
            continue;
          }
          const before = kubectlKustomize(oracles().kubectl, overlay);
          assert.ok(before.ok);
          for (const container of build.containers.filter((candidate) => !candidate.containerPath.includes('ephemeral'))) {
            const file = build.kustomizationFile;
            const text = readFileSync(file, 'utf8');
            const result = pinEdits(container, DIGEST, mode, { file, text });
            assert.ok(result.ok);
            writeFileSync(file, applyEdits(text, result.edits));
            const after = kubectlKustomize(oracles().kubectl, overlay);
            assert.ok(after.ok, `${overlay}: ${after.ok ? '' : after.error}`);
            const key = [...after.containers.keys()].find((candidate) => candidate.endsWith(`/${container.container ?? ''}`) && candidate.includes(`/${container.resource.name ?? ''} `));
            const image = key ? after.containers.get(key)?.image : undefined;
            const { name, tag } = splitImage(container.image);
            const expected = `${name}${mode === 'keepTag' && tag !== '' ? `:${tag}` : ''}@${DIGEST}`;
            assert.equal(image, expected, `${path.relative(work, overlay)} ${container.container}`);
          }
        }
        for (const file of ['base', 'common', 'team']) {
          const original = path.join(FIXTURES, tree, file, 'kustomization.yaml');
          const copy = path.join(work, tree, file, 'kustomization.yaml');
          const exists = nodeFileAccess.readText(original);
          assert.equal(nodeFileAccess.readText(copy), exists, `${tree}/${file} changed`);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
