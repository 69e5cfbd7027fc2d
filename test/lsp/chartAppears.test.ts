/**
 * A Chart.yaml deleted (or created) while the server runs: the files under its
 * templates/ are read as plain manifests again (or as Helm templates), without
 * a restart. The server caches per folder whether it holds a chart.
 */
import assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { WorkspaceImagesResult } from '../../server/src/lsp/protocol';
import { LspClient } from './harness/lspClient';
import { deployment, tempWorkspace } from './harness/text';

const TEMPLATE = 'app/templates/deployment.yaml';
// Quoted: once the chart is gone, the file must still be YAML a plain manifest can be read from.
const TEMPLATE_TEXT = deployment('"{{ .Values.image }}"', null);

describe('a Chart.yaml that goes away while the server runs', () => {
  test('the template is shown as the chart renders it, then as the plain file it has become', async () => {
    const workspace = tempWorkspace('kil-chart-appears-');
    workspace.write({
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'app/values.yaml': 'image: nginx:1.27\n',
      [TEMPLATE]: TEMPLATE_TEXT,
    });
    const client = LspClient.start();
    try {
      await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
      const templateImages = async () => {
        const result = await client.sendRequest<WorkspaceImagesResult>('kubeImageLens/workspaceImages', {}, 60_000);
        return result.files.filter((file) => file.uri === workspace.uri(TEMPLATE)).flatMap((file) => file.images.map(({ image, unit }) => ({ image, unit })));
      };
      // A chart's image is listed where its value is fixed (values.yaml), under the chart: the covered template lists none.
      assert.deepEqual(await templateImages(), []);
      unlinkSync(path.join(workspace.dir, 'app/Chart.yaml'));
      await client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/Chart.yaml'), type: 3 }] });
      // No longer covered by a chart: its own analysis is listed, and opened it is hovered as a plain file's placeholder.
      assert.deepEqual(await templateImages(), [{ image: '{{ .Values.image }}', unit: null }]);
      await client.open(workspace.uri(TEMPLATE), TEMPLATE_TEXT);
      const hover = await client.hover(workspace.uri(TEMPLATE), { line: 9, character: 22 });
      const markdown = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.match(markdown, /A `\{\{…\}\}` placeholder: a templating step fills it in/);
      assert.doesNotMatch(markdown, /Helm template/, 'the template is still read as a chart template');
      assert.ok(client.alive, `the server exited: ${client.stderr}`);
    } finally {
      await client.dispose();
      workspace.cleanup();
    }
  });
});
