/** The index behind the Images view follows the same file rules as the CLI: exclude globs, the editor's files.exclude, the size limit. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './harness/lspClient';
import { deployment, tempWorkspace } from './harness/text';

interface ImagesResult {
  files: Array<{ uri: string }>;
  failed: Array<{ uri: string; message: string }>;
}

describe('Images view: which files the index reads', () => {
  const workspace = tempWorkspace('kil-rules-');
  let client: LspClient;

  before(async () => {
    const files: Record<string, string> = {
      '.kube-image-lens.yaml': 'exclude: ["vendor/**"]\n',
      'app.yaml': deployment('nginx:1.25', null),
      'vendor/dep.yaml': deployment('nginx:1.25', null),
      'generated/out.yaml': deployment('nginx:1.25', null),
      'node_modules/pkg/x.yaml': deployment('nginx:1.25', null),
      'big.yaml': `${deployment('nginx:1.25', null)}${'# padding\n'.repeat(300)}`,
    };
    workspace.write(files);
    client = LspClient.start({
      settings: (_scope: string | undefined, section: string | undefined) =>
        section === 'files.exclude' ? { '**/generated': true, '**/other': false } : { maxFileSizeMiB: 0.002 },
    });
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  test('leaves out exclude globs, files.exclude and node_modules; lists an oversized file as skipped', async () => {
    const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {});
    assert.deepEqual(
      listed.files.map((file) => file.uri),
      [workspace.uri('app.yaml')],
    );
    assert.equal(listed.failed.length, 1);
    assert.equal(listed.failed[0]?.uri, workspace.uri('big.yaml'));
    assert.match(listed.failed[0]?.message ?? '', /^skipped: larger than 0\.002 MiB/);
    assert.ok(
      client.configurationRequests.some((request) => request.items.some((item) => item.section === 'files.exclude')),
      'the server asked the editor for files.exclude',
    );
  });
});
