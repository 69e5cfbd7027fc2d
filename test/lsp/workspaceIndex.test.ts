/**
 * The server's project index at scale: 5,000 manifests on disk are read once
 * in the background after start-up, then the Images view answers from the
 * index. Every file the server opens is logged by a preload
 * (test/preloads/countFileReads.mjs), so "nothing else was read" is counted, not assumed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './harness/lspClient';
import { deployment, tempWorkspace } from './harness/text';

const FILE_COUNT = 5_000;
const EDITS = 20;
/** Indexing 5,000 files on a busy 2-core machine: generous, the figure is printed. */
const INDEX_TIMEOUT_MS = 180_000;
const READ_LOGGER = pathToFileURL(path.join(__dirname, '../preloads/countFileReads.mjs')).href;

interface ImagesResult {
  files: Array<{ uri: string; images: Array<{ image: string }> }>;
  failed: Array<{ uri: string; message: string }>;
}

/** 50 folders of 100 files, each a Deployment with its own image tag. */
function manifestPath(index: number): string {
  return `team-${String(Math.floor(index / 100)).padStart(2, '0')}/app-${String(index).padStart(4, '0')}.yaml`;
}

const PROJECT_CONFIG_FILE = '.kube-image-lens.yaml';

/** Reads in the workspace: manifests, and attempts to read a project config (one per folder, most find none). */
function splitReads(workspaceDir: string, reads: readonly string[]): { manifests: string[]; configProbes: string[] } {
  const inWorkspace = reads.filter((read) => read.startsWith(workspaceDir + path.sep));
  return {
    manifests: inWorkspace.filter((read) => path.basename(read) !== PROJECT_CONFIG_FILE),
    configProbes: inWorkspace.filter((read) => path.basename(read) === PROJECT_CONFIG_FILE),
  };
}

function memoryOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^VmRSS:\s*(.*)$/m.exec(status)?.[1] ?? 'unknown';
}

describe('project index of a workspace of 5,000 manifests', () => {
  const workspace = tempWorkspace('kil-index-');
  const readLog = path.join(workspace.dir, '..', `${path.basename(workspace.dir)}.reads`);
  let client: LspClient;
  /** How many lines of the read log the previous step had seen. */
  let seenReads = 0;

  /** The paths read since the last call. */
  const newReads = (): string[] => {
    const lines = readFileSync(readLog, 'utf8').split('\n').filter((line) => line !== '');
    const fresh = lines.slice(seenReads);
    seenReads = lines.length;
    return fresh;
  };

  before(async () => {
    for (let index = 0; index < FILE_COUNT; index++) {
      const file = path.join(workspace.dir, manifestPath(index));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, deployment(`registry.example.com/app-${index}:1.0.${index}`, 'IfNotPresent', `app-${index}`));
    }
    writeFileSync(readLog, '');
    client = LspClient.start({
      env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${READ_LOGGER}`, KIL_READ_LOG: readLog },
    });
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'big' }], capabilities: { window: { workDoneProgress: true } } });
  });

  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    workspace.cleanup();
    rmSync(readLog, { force: true });
  });

  test('indexes every file once in the background, with work-done progress', async (t) => {
    const started = Date.now();
    const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {}, INDEX_TIMEOUT_MS);
    t.diagnostic(`index of ${FILE_COUNT} files complete after ${Date.now() - started} ms (from the first request); server VmRSS ${memoryOf(client.child.pid as number)}`);
    assert.equal(listed.files.length, FILE_COUNT);
    assert.deepEqual(listed.failed, []);

    const { manifests, configProbes } = splitReads(workspace.dir, newReads());
    const manifestReads = new Map<string, number>();
    for (const read of manifests) {
      manifestReads.set(read, (manifestReads.get(read) ?? 0) + 1);
    }
    const onWorkers = client.logMessages.some((message) => /closed files are analysed on \d+ worker threads/.test(message.message));
    assert.ok(onWorkers, 'the files were read on worker threads: the preload counts reads there too');
    assert.equal(manifestReads.size, FILE_COUNT, 'every manifest was read');
    assert.deepEqual([...new Set(manifestReads.values())], [1], 'and each exactly once');
    assert.equal(new Set(configProbes).size, configProbes.length, 'each folder is searched for a project config once');

    const kinds = client.progress.map((progress) => (progress.value as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
  });

  test(`${EDITS} edits of one open file: no other file is read again, the Images view answers from the index`, async () => {
    const edited = manifestPath(1234);
    const uri = workspace.uri(edited);
    await client.open(uri, readFileSync(path.join(workspace.dir, edited), 'utf8'));
    await client.waitForCurrentDiagnostics(uri);
    newReads();

    for (let edit = 1; edit <= EDITS; edit++) {
      const text = deployment(`registry.example.com/edited:${edit}.0`, 'IfNotPresent', 'app-1234');
      await client.change(uri, edit + 1, [{ text }]);
      await client.waitForCurrentDiagnostics(uri);
      const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {});
      assert.equal(listed.files.length, FILE_COUNT);
      const images = listed.files.find((file) => file.uri === uri)?.images.map((image) => image.image);
      assert.deepEqual(images, [`registry.example.com/edited:${edit}.0`], 'the open document wins over the disk');
      const other = listed.files.find((file) => file.uri === workspace.uri(manifestPath(4321)))?.images.map((image) => image.image);
      assert.deepEqual(other, ['registry.example.com/app-4321:1.0.4321'], 'closed files come from the index');
    }
    const reads = newReads().filter((file) => file !== path.join(workspace.dir, edited));
    assert.deepEqual(reads, [], 'no other file was read during the edits');
  });

  test('closing the document and file-watcher events re-read exactly the files concerned', async () => {
    const edited = manifestPath(1234);
    await client.close(workspace.uri(edited));
    const created = 'team-99/new.yaml';
    mkdirSync(path.join(workspace.dir, 'team-99'));
    writeFileSync(path.join(workspace.dir, created), deployment('registry.example.com/new:1.0', null, 'new'));
    const changed = manifestPath(7);
    writeFileSync(path.join(workspace.dir, changed), deployment('registry.example.com/changed:2.0', null, 'changed'));
    const deleted = manifestPath(8);
    await client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: workspace.uri(created), type: 1 },
        { uri: workspace.uri(changed), type: 2 },
        { uri: workspace.uri(deleted), type: 3 },
      ],
    });
    const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {});
    assert.equal(listed.files.length, FILE_COUNT, 'one created, one deleted');
    const imagesOf = (relative: string): string[] | undefined => listed.files.find((file) => file.uri === workspace.uri(relative))?.images.map((image) => image.image);
    assert.deepEqual(imagesOf(created), ['registry.example.com/new:1.0']);
    assert.deepEqual(imagesOf(changed), ['registry.example.com/changed:2.0']);
    assert.deepEqual(imagesOf(edited), ['registry.example.com/app-1234:1.0.1234'], 'the closed file is the disk version again');
    assert.equal(imagesOf(deleted), undefined);
    const { manifests, configProbes } = splitReads(workspace.dir, newReads());
    assert.deepEqual(manifests.sort(), [created, changed, edited].map((relative) => path.join(workspace.dir, relative)).sort());
    assert.deepEqual(configProbes, [path.join(workspace.dir, 'team-99', PROJECT_CONFIG_FILE)], 'only the new folder is searched for a project config');
  });
});
