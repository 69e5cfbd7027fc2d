/**
 * Pinning from the editor: the language server (a real process over stdio)
 * against a real registry on 127.0.0.1 (test/registry/harness). Code actions
 * carry commands; the commands look tags up and send `workspace/applyEdit`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TextDocumentContentChangeEvent, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { startFaultProxy } from '../registry/harness/faultProxy';
import type { FaultProxy } from '../registry/harness/faultProxy';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import type { LspClient } from './harness/lspClient';
import type { PinSummary } from './harness/registryLsp';
import { PLATFORMS, ServerCommands, actionTitled, codesOf, openAndWait, pod, runActionCommand, startRegistryLsp, until } from './harness/registryLsp';
import { fileUri, rangeOf, tempWorkspace } from './harness/text';

describe('pinning images from the editor', () => {
  let reg: RunningRegistry;
  let client: LspClient;
  let app: string;
  let appDigest: string;
  let multi: string;
  let multiDigest: string;
  before(async () => {
    reg = await startRegistry({});
    appDigest = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' })).digest;
    multiDigest = (await pushImage(reg, { repo: 'multi/app', tag: 'v1', format: 'oci', platforms: PLATFORMS })).digest;
    app = `${reg.host}/team/app:1.0`;
    multi = `${reg.host}/multi/app:v1`;
    client = await startRegistryLsp();
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await reg?.stop();
  });

  test('the pin quick-fix runs pinImage, which writes tag@digest and changes nothing else', async () => {
    const uri = fileUri('pod.yaml');
    const text = pod([app]);
    await openAndWait(client, uri, text);
    const action = actionTitled(await client.codeActions(uri, rangeOf(text, app)), `Pin \`${app}\` to its current digest`);
    assert.equal(action.edit, undefined, 'a command, not an edit: no network while listing actions');
    assert.equal(action.command?.command, ServerCommands.pinImage);

    const summary = await runActionCommand<PinSummary>(client, action);
    assert.deepEqual(summary, { pinned: 1, alreadyPinned: 0, failed: [] });
    assert.equal(client.text(uri), text.replace(`image: ${app}`, `image: ${app}@${appDigest}`));
    // The server saw the edit as a didChange and analysed the new version.
    await client.waitForCurrentDiagnostics(uri);
  });

  test('a multi-arch image is pinned to its index digest; digestOnly drops the tag', async () => {
    const uri = fileUri('multi.yaml');
    const text = pod([multi, multi]);
    await openAndWait(client, uri, text);
    const second = rangeOf(text, multi, 1).start;
    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, line: second.line, character: second.character }]);
    assert.equal(summary.pinned, 1);
    const first = rangeOf(text, multi, 0).start;
    await client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, ...first, mode: 'digestOnly' }]);
    assert.equal(client.text(uri), pod([`${reg.host}/multi/app@${multiDigest}`, `${multi}@${multiDigest}`]));
  });

  test('pin all in a file: one pinned, one already pinned, an unknown tag fails and stays as it was', async () => {
    const uri = fileUri('three.yaml');
    const unknown = `${reg.host}/team/app:does-not-exist`;
    const text = pod([app, `${multi}@${multiDigest}`, unknown]);
    await openAndWait(client, uri, text);
    const shown = client.showMessages.length;
    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinAllInFile, [{ uri }]);
    assert.equal(summary.pinned, 1);
    assert.equal(summary.alreadyPinned, 1);
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.failed[0]?.image, unknown);
    assert.match(summary.failed[0]?.reason ?? '', /does-not-exist/);
    assert.equal(client.text(uri), pod([`${app}@${appDigest}`, `${multi}@${multiDigest}`, unknown]));
    const message = await client.waitFor('the summary message', () => client.showMessages.slice(shown).find((m) => m.message.includes('Pinned')));
    assert.match(message.message, new RegExp(`Pinned 1, already pinned 1, failed 1: ${unknown.replace(/[.]/g, '\\.')}: `));
  });

  test('a failed lookup writes nothing and shows the registry error', async () => {
    const uri = fileUri('missing.yaml');
    const missing = `${reg.host}/team/nothing-here:1`;
    const text = pod([missing]);
    await openAndWait(client, uri, text);
    const shown = client.showMessages.length;
    const edits = client.appliedEdits.length;
    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, ...rangeOf(text, missing).start }]);
    assert.equal(summary.pinned, 0);
    assert.equal(summary.failed.length, 1);
    assert.equal(client.appliedEdits.length, edits, 'no edit sent');
    assert.equal(client.text(uri), text);
    const message = await client.waitFor('an error message', () => client.showMessages.slice(shown).find((m) => m.type === 1));
    assert.match(message.message, /Could not pin .*team\/nothing-here:1/);
  });

  test('after the tag moved, the preferred "Refresh pinned digest" rewrites the digest', async () => {
    const first = await pushImage(reg, { repo: 'team/moving', tag: '1', format: 'docker', seed: 'a' });
    const moving = `${reg.host}/team/moving:1`;
    const uri = fileUri('moving.yaml');
    const text = pod([`${moving}@${first.digest}`]);
    await openAndWait(client, uri, text);
    const moved = await pushImage(reg, { repo: 'team/moving', tag: '1', format: 'docker', seed: 'b' });
    assert.notEqual(moved.digest, first.digest);

    await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
    const published = await client.waitForDiagnostics(uri, (diagnostics) => codesOf(diagnostics).includes('digest-drift'));
    const drift = published.diagnostics.filter((diagnostic) => diagnostic.code === 'digest-drift');
    const action = actionTitled(await client.codeActions(uri, rangeOf(text, moving), undefined, drift), `Refresh pinned digest of \`${moving}\``);
    assert.equal(action.isPreferred, true);
    assert.deepEqual(action.diagnostics, drift);

    const summary = await runActionCommand<PinSummary>(client, action);
    assert.equal(summary.pinned, 1);
    assert.equal(client.text(uri), pod([`${moving}@${moved.digest}`]));
    const after = await client.waitForCurrentDiagnostics(uri);
    assert.ok(!codesOf(after.diagnostics).includes('digest-drift'), 'the new pin has no drift');
  });

  describe('the document changes while the registry answers slowly', () => {
    let slow: FaultProxy;
    before(async () => {
      slow = await startFaultProxy(reg, { kind: 'delay', ms: 400 });
    });
    after(async () => {
      await slow?.stop();
    });

    /** Starts pinning the document's only image, then applies `edit` while the lookup waits for the registry. */
    async function pinWhileEditing(name: string, edit: (text: string) => TextDocumentContentChangeEvent): Promise<{ text: string; uri: string; summary: PinSummary }> {
      const uri = fileUri(name);
      const text = pod([`${slow.host}/team/app:1.0`]);
      await openAndWait(client, uri, text);
      const manifestRequests = slow.stats.manifestRequests;
      const pending = client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, ...rangeOf(text, slow.host).start }]);
      await until('the lookup to reach the registry', () => slow.stats.manifestRequests > manifestRequests);
      await client.change(uri, client.version(uri) + 1, [edit(text)]);
      return { text, uri, summary: await pending };
    }

    test('an edit elsewhere: the image is found again at its position and pinned', async () => {
      const { text, uri, summary } = await pinWhileEditing('edited-elsewhere.yaml', (original) => ({ range: rangeOf(original, 'name: web'), text: 'name: api' }));
      assert.deepEqual(summary, { pinned: 1, alreadyPinned: 0, failed: [] });
      const image = `${slow.host}/team/app:1.0`;
      assert.equal(client.text(uri), text.replace('name: web', 'name: api').replace(image, `${image}@${appDigest}`));
    });

    test('cancelling the progress stops the lookups and writes nothing', async () => {
      const uri = fileUri('cancelled.yaml');
      const text = pod([`${slow.host}/team/app:1.0`, `${slow.host}/multi/app:v1`]);
      await openAndWait(client, uri, text);
      const progressSeen = client.progress.length;
      const manifestRequests = slow.stats.manifestRequests;
      const edits = client.appliedEdits.length;
      const pending = client.executeCommand<PinSummary>(ServerCommands.pinAllInFile, [{ uri }]);
      const begin = await client.waitFor('the progress to begin', () =>
        client.progress.slice(progressSeen).find((progress) => (progress.value as { kind: string }).kind === 'begin'),
      );
      await until('the lookups to reach the registry', () => slow.stats.manifestRequests > manifestRequests);
      await client.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
      await assert.rejects(pending, (error: unknown) => {
        assert.ok(error instanceof ResponseError, String(error));
        assert.equal(error.code, -32800, 'RequestCancelled');
        return true;
      });
      assert.equal(client.appliedEdits.length, edits);
      assert.equal(client.text(uri), text);
    });

    test('an edit that moves the image: nothing is written, the user is told why', async () => {
      const { text, uri, summary } = await pinWhileEditing('moved.yaml', () => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' }));
      assert.equal(summary.pinned, 0);
      assert.match(summary.failed[0]?.reason ?? '', /moved or changed during the lookup/);
      assert.equal(client.text(uri), `# moved\n${text}`);
    });
  });
});

describe('pin all in the workspace', () => {
  let reg: RunningRegistry;
  let client: LspClient;
  const workspace = tempWorkspace('kil-lsp-pin-');
  before(async () => {
    reg = await startRegistry({});
    client = await startRegistryLsp({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await reg?.stop();
    workspace.cleanup();
  });

  test('open documents (unsaved text) and files on disk, each tag looked up once, one edit, progress n/m', async () => {
    const appDigest = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' })).digest;
    const app = `${reg.host}/team/app:1.0`;
    writeFileSync(path.join(workspace.dir, 'on-disk.yaml'), pod([app, app]));
    writeFileSync(path.join(workspace.dir, 'open.yaml'), pod(['nginx:1.25']));
    // As an editor's file watcher does: the server's index learns of new files from these events.
    await client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['on-disk.yaml', 'open.yaml'].map((name) => ({ uri: workspace.uri(name), type: 1 })),
    });
    const openUri = workspace.uri('open.yaml');
    await openAndWait(client, openUri, pod([app]));

    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinAllInWorkspace, []);
    assert.deepEqual(summary, { pinned: 3, alreadyPinned: 0, failed: [] });
    assert.equal(client.text(openUri), pod([`${app}@${appDigest}`]));

    assert.equal(client.appliedEdits.length, 1, 'one WorkspaceEdit for the run');
    const changes = (client.appliedEdits[0]?.edit.documentChanges ?? []) as TextDocumentEdit[];
    const onDisk = changes.find((change) => change.textDocument.uri === workspace.uri('on-disk.yaml'));
    assert.ok(onDisk, 'the file on disk is edited through the editor');
    assert.equal(onDisk.textDocument.version, null);
    assert.deepEqual(
      onDisk.edits.map((edit) => edit.newText),
      [`${app}@${appDigest}`, `${app}@${appDigest}`],
    );

    assert.ok(client.otherRequests.some((request) => request.method === 'window/workDoneProgress/create'));
    const reports = client.progress
      .map((progress) => progress.value as { kind: string; message?: string })
      .filter((value) => value.kind === 'report')
      .map((value) => value.message);
    assert.deepEqual(reports, ['0/1', '1/1'], 'one distinct reference, looked up once');

    // The Images view's request lists the same files: the open one pinned, the one on disk not yet (the editor has not saved it).
    const listed = await client.sendRequest<{ files: Array<{ uri: string; images: Array<{ pinned: boolean }> }> }>('kubeImageLens/workspaceImages', {});
    assert.deepEqual(
      listed.files.map((file) => [file.uri, file.images.map((listedImage) => listedImage.pinned)]),
      [
        [openUri, [true]],
        [workspace.uri('on-disk.yaml'), [false, false]],
      ],
    );
  });

  test('check of the whole workspace: files on disk come from the project index', async () => {
    // The open document (now pinned) and the file on disk (still a tag): two distinct image texts.
    const result = await client.executeCommand<{ checked: number }>(ServerCommands.checkRegistry, [{}]);
    assert.deepEqual(result, { checked: 2 });
  });
});
