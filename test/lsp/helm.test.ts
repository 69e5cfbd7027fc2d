/** Helm charts in the editor: findings on the values keys that supply the image, per environment, live while typing. */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './harness/lspClient';
import { tempWorkspace } from './harness/text';

const FIXTURE = path.resolve(__dirname, '../fixtures/helm-units/latest-tag');

describe('a Helm chart in the language server', () => {
  const workspace = tempWorkspace('kil-helm-');
  let client: LspClient;
  const values = workspace.uri('chart/values.yaml');
  const template = workspace.uri('chart/templates/deployment.yaml');
  const text = (uri: string): string => readFileSync(new URL(uri), 'utf8');

  before(async () => {
    cpSync(FIXTURE, path.join(workspace.dir, 'chart'), { recursive: true });
    client = LspClient.start();
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
    await client.open(values, text(values));
    await client.open(template, text(template), 'helm');
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  /** `tag: latest` of `image:` in values.yaml (line 3, after `  tag: `). */
  const latestTag = { start: { line: 3, character: 7 }, end: { line: 3, character: 13 } };

  test('tag: latest with pullPolicy: IfNotPresent is reported on the tag in values.yaml, naming the environments it runs in', async () => {
    const published = await client.waitForDiagnostics(values, (diagnostics) => diagnostics.some((d) => d.code === 'latest-tag-cached'));
    const cached = published.diagnostics.filter((d) => d.code === 'latest-tag-cached');
    assert.deepEqual(
      cached.map((d) => d.range),
      [latestTag],
    );
    // values-prod.yaml overrides the tag and the policy: only the environments that use values.yaml's are named.
    assert.match(cached[0]?.message ?? '', /\[default, dev: /);
    assert.doesNotMatch(cached[0]?.message ?? '', /prod/);
  });

  test('the template shows no YAML noise and no finding of its own for images the values supply', async () => {
    const published = await client.waitForDiagnostics(template, () => true);
    assert.ok(published.diagnostics.every((d) => d.code !== 'invalid-image-reference' && d.code !== 'latest-tag-cached'), JSON.stringify(published.diagnostics));
  });

  test('hover on the tag shows every environment that uses it, side by side', async () => {
    const hover = await client.hover(values, latestTag.start);
    const markdown = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(markdown, /\| default \|/);
    assert.match(markdown, /\| dev \|/);
    assert.match(markdown, /ghcr\.io\/example\/web:latest/);
    assert.match(markdown, /IfNotPresent/);
  });

  test('fixing the tag in values.yaml clears the finding at once', async () => {
    await client.change(values, 2, [{ range: latestTag, text: '"1.4.2"' }]);
    const published = await client.waitForDiagnostics(values, (_d, params) => params.version === 2);
    assert.deepEqual(
      published.diagnostics.filter((d) => d.code === 'latest-tag-cached'),
      [],
    );
  });
});
