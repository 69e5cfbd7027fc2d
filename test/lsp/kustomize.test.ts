/** Kustomize overlays in the editor: findings on the overlay's images: entry, live while typing, per overlay. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { oracles, oracleSkipReason } from '../oracles/oracles';
import { kubectlKustomize } from '../unit/kustomize/kubectlOracle';
import { hoverRows } from '../unit/units/hoverTable';
import { LspClient } from './harness/lspClient';
import { deployment, tempWorkspace } from './harness/text';

const overlay = (tag: string): string =>
  ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - ../../base', 'images:', '  - name: shop/api', `    newTag: ${tag}`, ''].join('\n');

describe('kustomize overlays in the language server', () => {
  const workspace = tempWorkspace('kil-kustomize-');
  let client: LspClient;
  const prod = workspace.uri('overlays/prod/kustomization.yaml');
  const staging = workspace.uri('overlays/staging/kustomization.yaml');
  const base = workspace.uri('base/api.yaml');

  before(async () => {
    const files: Record<string, string> = {
      'base/kustomization.yaml': 'resources:\n  - api.yaml\n',
      'base/api.yaml': deployment('shop/api:1.0.0', 'IfNotPresent'),
      'overlays/prod/kustomization.yaml': overlay('latest'),
      'overlays/staging/kustomization.yaml': overlay('latest'),
    };
    workspace.write(files);
    client = LspClient.start();
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
    for (const uri of [prod, staging, base]) {
      await client.open(uri, readFileSync(new URL(uri), 'utf8'));
    }
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  const tagRange = { start: { line: 6, character: 12 }, end: { line: 6, character: 18 } };

  test('the deployed latest tag with IfNotPresent is reported on newTag, with each overlay profile', async () => {
    const inProd = await client.waitForDiagnostics(prod, (diagnostics) => diagnostics.length > 0);
    assert.deepEqual(
      inProd.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['latest-tag-cached', 1, tagRange]],
    );
    assert.match(inProd.diagnostics[0]?.message ?? '', /overlays\/prod/);
    const inStaging = await client.waitForDiagnostics(staging, (diagnostics) => diagnostics.length > 0);
    assert.deepEqual(
      inStaging.diagnostics.map((d) => [d.code, d.severity]),
      [['latest-tag-cached', 2]],
    );
  });

  /** The image the real `kubectl kustomize` deploys for the overlay's only container. */
  const deployedByKubectl = (overlay: string): string => {
    const built = kubectlKustomize(oracles().kubectl, path.join(workspace.dir, overlay));
    assert.ok(built.ok, built.ok ? '' : built.error);
    const images = [...built.containers.values()].map((container) => container.image);
    assert.equal(images.length, 1);
    return images[0] as string;
  };

  const markdownOf = async (uri: string, position: { line: number; character: number }): Promise<string> => {
    const hover = await client.hover(uri, position);
    return typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  };

  test("hover on staging's newTag: the base's image before, kubectl's after, paths relative to the overlay", { skip: oracleSkipReason() }, async () => {
    const markdown = await markdownOf(staging, tagRange.start);
    assert.deepEqual(hoverRows(markdown), [
      ['Deployment/web/web', '`../../base/api.yaml:10`', `\`shop/api:1.0.0\` → \`${deployedByKubectl('overlays/staging')}\``, 'IfNotPresent (explicit)'],
    ]);
    assert.match(markdown, /Environment: staging \(from the overlay path\)/);
    assert.ok(!markdown.includes(workspace.dir), `no absolute path in:\n${markdown}`);
  });

  test("hover on the base resource's image: what each kustomization deploys, side by side, as kubectl builds it", { skip: oracleSkipReason() }, async () => {
    const markdown = await markdownOf(base, { line: 9, character: 20 });
    const rows = hoverRows(markdown);
    assert.deepEqual(
      rows.map((row) => [row[0], row[2], row[4]]),
      [
        ['`base`', `\`${deployedByKubectl('base')}\``, 'as written'],
        ['`overlays/prod`', `\`${deployedByKubectl('overlays/prod')}\``, '`kustomization.yaml:7`'],
        ['`overlays/staging`', `\`${deployedByKubectl('overlays/staging')}\``, '`kustomization.yaml:7`'],
      ],
    );
    assert.deepEqual(
      rows.map((row) => row[1]),
      ['staging', 'prod', 'staging'],
    );
    assert.match(markdown, /written here as `shop\/api:1.0.0`/);
    assert.ok(!markdown.includes(workspace.dir), `no absolute path in:\n${markdown}`);
  });

  test("editing prod's newTag updates prod's findings and leaves staging's as they were", async () => {
    const stagingBefore = client.publishes.get(staging)?.at(-1)?.diagnostics;
    await client.change(prod, 2, [{ range: tagRange, text: '"2.0.0"' }]);
    const inProd = await client.waitForDiagnostics(prod, (_d, params) => params.version === 2);
    assert.deepEqual(inProd.diagnostics, []);
    const stagingAfter = client.publishes.get(staging)?.at(-1)?.diagnostics;
    assert.deepEqual(stagingAfter, stagingBefore);
  });

  test('the base file shows no finding of its own: every overlay rewrites its image', async () => {
    const published = await client.waitForDiagnostics(base, () => true);
    // The base kustomization deploys shop/api:1.0.0 with IfNotPresent: nothing to report in staging.
    assert.deepEqual(published.diagnostics, []);
  });
});
