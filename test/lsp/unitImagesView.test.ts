/**
 * The Images view's request over a workspace holding a Helm chart, kustomize
 * overlays and a plain manifest: a unit's images carry the unit and the
 * environment (and each environment's images are those the real `helm
 * template` renders with that environment's values), template text is never
 * listed as an image, plain manifests stay as they were, and the client's
 * grouping puts them under unit → environment.
 */
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { groupImages } from '../../client/src/imagesTree';
import type { WorkspaceImagesResult } from '../../server/src/lsp/protocol';
import { oracleSkipReason } from '../oracles/oracles';
import { helmRows } from '../unit/helm/compareImages';
import { helmTemplate } from '../unit/helm/helmOracle';
import { LspClient } from './harness/lspClient';
import { deployment, rangeOf, tempWorkspace } from './harness/text';

const CHART_FIXTURE = path.resolve(__dirname, '../fixtures/helm/scaffold');
const INDEX_TIMEOUT_MS = 60_000;

const overlay = (tag: string): string =>
  ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - ../../base', 'images:', '  - name: shop/api', `    newTag: ${tag}`, ''].join('\n');

/** `image policy` of each image, sorted: a multiset to compare with helm's. */
function imagesAndPolicies(rows: ReadonlyArray<{ image: string; policy: string }>): string[] {
  return rows.map((row) => `${row.image} ${row.policy}`).sort();
}

describe('the Images view request groups units by environment', () => {
  const workspace = tempWorkspace('kil-unit-images-');
  const chartDir = path.join(workspace.dir, 'helm/web');
  const chartUri = pathToFileURL(chartDir).href;
  let client: LspClient;

  const list = (): Promise<WorkspaceImagesResult> => client.sendRequest<WorkspaceImagesResult>('kubeImageLens/workspaceImages', {}, INDEX_TIMEOUT_MS);
  const images = (result: WorkspaceImagesResult) => result.files.flatMap((file) => file.images.map((image) => ({ ...image, uri: file.uri })));
  /** The environment files of the chart: `values-<name>.yaml` next to `values.yaml`. */
  const environmentFiles = (): Map<string, string[]> =>
    new Map([
      ['default', []],
      ...readdirSync(chartDir)
        .filter((name) => /^values-.+\.yaml$/.test(name))
        .map((name): [string, string[]] => [name.slice('values-'.length, -'.yaml'.length), [path.join(chartDir, name)]]),
    ]);

  before(async () => {
    cpSync(CHART_FIXTURE, chartDir, { recursive: true });
    const files: Record<string, string> = {
      'kustomize/base/kustomization.yaml': 'resources:\n  - api.yaml\n',
      'kustomize/base/api.yaml': deployment('shop/api:1.0.0', 'IfNotPresent'),
      'kustomize/overlays/prod/kustomization.yaml': overlay('2.0.0'),
      'kustomize/overlays/staging/kustomization.yaml': overlay('latest'),
      'plain/app.yaml': deployment('nginx:1.27', 'IfNotPresent', 'plain'),
    };
    workspace.write(files);
    client = LspClient.start();
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
  });

  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    workspace.cleanup();
  });

  test('no template text is listed as an image, opened or not', async () => {
    const before = images(await list());
    const template = workspace.uri('helm/web/templates/deployment.yaml');
    await client.open(template, readFileSync(new URL(template), 'utf8'), 'helm');
    const after = images(await list());
    for (const listed of [...before, ...after]) {
      assert.doesNotMatch(listed.image, /\{\{/, `${listed.uri} lists template text`);
      assert.ok(!listed.uri.includes('/templates/') || listed.unit !== null, `${listed.uri}: a chart template's image is listed without its chart: ${JSON.stringify(listed)}`);
    }
    await client.close(template);
  });

  test('each environment of the chart lists exactly what helm template renders with its values', { skip: oracleSkipReason() }, async () => {
    const result = await list();
    const unit = result.units.find((candidate) => candidate.uri === chartUri);
    assert.ok(unit, `the chart is not a unit: ${JSON.stringify(result.units)}`);
    assert.equal(unit.kind, 'helm');
    const environments = environmentFiles();
    assert.deepEqual(unit.environments.map((environment) => environment.name).sort(), [...environments.keys()].sort());
    const ofChart = images(result).filter((image) => image.unit === chartUri);
    for (const [name, valuesFiles] of environments) {
      const rendered = helmTemplate(chartDir, { valuesFiles });
      assert.ok(rendered.ok, rendered.stderr);
      assert.deepEqual(
        imagesAndPolicies(
          ofChart
            .filter((image) => image.environment === name)
            .map((image) => ({ image: image.image, policy: String(image.effectivePolicy) })),
        ),
        imagesAndPolicies(helmRows(rendered.stdout)),
        `environment ${name}`,
      );
    }
  });

  test('every kustomization is a unit; overlay images carry their overlay and environment; the plain manifest has neither', async () => {
    const result = await list();
    const listed = images(result);
    for (const folder of ['kustomize/base', 'kustomize/overlays/prod', 'kustomize/overlays/staging']) {
      const uri = pathToFileURL(path.join(workspace.dir, folder)).href;
      const unit = result.units.find((candidate) => candidate.uri === uri);
      assert.equal(unit?.kind, 'kustomize', `${folder} is not listed as a kustomization unit`);
      const ofUnit = listed.filter((image) => image.unit === uri);
      assert.ok(ofUnit.length > 0, `${folder} has no image`);
      const names = new Set(unit.environments.map((environment) => environment.name));
      assert.ok(
        ofUnit.every((image) => image.environment !== null && names.has(image.environment)),
        JSON.stringify(ofUnit),
      );
    }
    assert.deepEqual(
      listed.filter((image) => image.unit?.includes('/overlays/prod')).map((image) => image.image),
      ['shop/api:2.0.0'],
    );
    const plain = listed.filter((image) => image.uri.endsWith('/plain/app.yaml'));
    assert.deepEqual(
      plain.map((image) => [image.image, image.unit, image.environment]),
      [['nginx:1.27', null, null]],
    );
  });

  test('the client groups units by folder then environment (in the unit order), plain files by file', async () => {
    const result = await list();
    const { units, files } = groupImages(result);
    const chart = units.find((unit) => unit.uri === chartUri);
    assert.deepEqual(
      chart?.environments.map((environment) => environment.name),
      result.units.find((unit) => unit.uri === chartUri)?.environments.map((environment) => environment.name),
    );
    const grouped = units.flatMap((unit) => unit.environments.flatMap((environment) => environment.resources.flatMap((resource) => resource.images)));
    assert.equal(grouped.length, images(result).filter((image) => image.unit !== null).length, 'every unit image is under its unit once');
    assert.deepEqual(
      files.map((file) => path.relative(workspace.dir, new URL(file.uri).pathname)),
      ['plain/app.yaml'],
    );
  });

  test("an unsaved edit of an environment's values file changes that environment's images only", async () => {
    const prodValues = workspace.uri('helm/web/values-prod.yaml');
    const text = readFileSync(new URL(prodValues), 'utf8');
    const tag = /tag: (\S+)/.exec(text)?.[1] as string;
    const before = images(await list()).filter((image) => image.unit === chartUri);
    await client.open(prodValues, text);
    await client.change(prodValues, 2, [{ range: rangeOf(text, tag), text: '9.9.9' }]);
    const byEnvironment = (list: typeof before, name: string): string[] =>
      list
        .filter((image) => image.environment === name)
        .map((image) => image.image)
        .sort();
    const after = images(await list()).filter((image) => image.unit === chartUri);
    assert.ok(
      byEnvironment(after, 'prod').some((image) => image.endsWith(':9.9.9')),
      JSON.stringify(byEnvironment(after, 'prod')),
    );
    for (const name of environmentFiles().keys()) {
      if (name !== 'prod') {
        assert.deepEqual(byEnvironment(after, name), byEnvironment(before, name), name);
      }
    }
    await client.close(prodValues);
  });
});
