/** One unreadable folder (and file) in the workspace: the Images view lists every other file and names what failed. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './harness/lspClient';
import { deployment, tempWorkspace } from './harness/text';
import { LOCKED_FILE, LOCKED_FOLDER, READABLE, RUN_AS_NOBODY, effectiveUid, lockDown } from '../preloads/unreadableWorkspace';

interface ImagesResult {
  files: Array<{ uri: string; images: Array<{ image: string }> }>;
  failed: Array<{ uri: string; message: string }>;
}

describe('Images view with an unreadable folder', () => {
  const workspace = tempWorkspace('kil-unreadable-');
  let client: LspClient;

  before(async () => {
    for (const relative of [...READABLE, `${LOCKED_FOLDER}/hidden.yaml`, LOCKED_FILE]) {
      mkdirSync(path.dirname(path.join(workspace.dir, relative)), { recursive: true });
      writeFileSync(path.join(workspace.dir, relative), deployment(`example.com/${path.basename(relative, '.yaml')}:1.0`, null));
    }
    lockDown(workspace.dir);
    client = LspClient.start({ env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${RUN_AS_NOBODY}` } });
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  test('lists every readable file and says which paths failed, and why', async () => {
    assert.equal(effectiveUid(client.child.pid as number), 65534, 'the server runs as nobody, so permissions apply');
    const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {});
    assert.deepEqual(
      listed.files.map((file) => [file.uri, file.images.map((image) => image.image)]),
      READABLE.map((relative) => [workspace.uri(relative), [`example.com/${path.basename(relative, '.yaml')}:1.0`]]),
    );
    assert.deepEqual(listed.failed, [
      { uri: workspace.uri(LOCKED_FOLDER), message: `cannot read directory '${path.join(workspace.dir, LOCKED_FOLDER)}': permission denied` },
      { uri: workspace.uri(LOCKED_FILE), message: `cannot read '${path.join(workspace.dir, LOCKED_FILE)}': permission denied` },
    ]);
    assert.ok(client.alive, client.stderr);
  });
});
