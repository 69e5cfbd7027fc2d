/**
 * The server's index of a workspace large enough to analyse closed files on
 * worker threads lists exactly what the server's own thread finds: the
 * oracle is the same server bundle copied to a folder without
 * `analysisWorker.js` next to it (as when another editor bundles the server
 * without it), which must fall back to its thread. A worker that dies in the
 * middle of the build (test/preloads/workerExitsAfterReads.mjs) loses no file.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CLI, LspClient } from './harness/lspClient';
import { deployment, lines, tempWorkspace } from './harness/text';

/** Well above the few hundred closed files from which a build starts workers. */
const FILE_COUNT = 1_200;
const INDEX_TIMEOUT_MS = 120_000;
const WORKER_EXITS = pathToFileURL(path.join(__dirname, '../preloads/workerExitsAfterReads.mjs')).href;
const STARTED = /closed files are analysed on \d+ worker threads/;
const UNAVAILABLE = /analysis worker threads unavailable/;

interface ImagesResult {
  files: Array<{ uri: string; profile: string; images: Array<Record<string, unknown>> }>;
  failed: Array<{ uri: string; message: string }>;
}

/** Every kind of file the index meets: findings under several profiles, several documents, a chart template, files it skips. */
function writeWorkspace(dir: string): void {
  const write = (relative: string, text: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  };
  write('.kube-image-lens.yaml', lines('profiles:', '  - { pattern: "team-01/**", profile: prod }', 'mutableTagPatterns: ["main"]', ''));
  for (let index = 0; index < FILE_COUNT; index++) {
    const folder = `team-${String(index % 12).padStart(2, '0')}`;
    const tag = ['latest', 'main', `1.${index}`, `1.${index}@sha256:${'a'.repeat(64)}`][index % 4];
    const policy = [null, 'Always', 'IfNotPresent', 'Never'][index % 3];
    const documents = [deployment(`registry.example.com/app-${index}:${tag}`, policy ?? null, `app-${index}`)];
    if (index % 5 === 0) {
      documents.push(deployment(`sidecar-${index}`, null, `side-${index}`));
    }
    write(`${folder}/app-${String(index).padStart(4, '0')}.yaml`, documents.join('---\n'));
  }
  write('chart/Chart.yaml', lines('apiVersion: v2', 'name: chart', 'version: 1.0.0', ''));
  write('chart/values.yaml', lines('image: nginx', ''));
  write('chart/templates/deployment.yaml', deployment('{{ .Values.image }}:latest', null, 'templated'));
  write('team-00/binary.yaml', Buffer.from([0x61, 0x00, 0x62]));
  write('team-00/latin1.yaml', Buffer.from('image: caf\xe9\n', 'latin1'));
  write('team-00/huge.yaml', `${deployment('huge:latest', null, 'huge')}# ${'x'.repeat(1.5 * 1024 * 1024)}\n`);
}

/** A server's complete index of the workspace (maxFileSizeMiB 1, so the huge file is skipped), and what it logged. */
async function indexOf(workspace: ReturnType<typeof tempWorkspace>, start: { cli?: string; env?: NodeJS.ProcessEnv }): Promise<{ listed: ImagesResult; log: string[] }> {
  const client = LspClient.start({ ...start, settings: { maxFileSizeMiB: 1 } });
  try {
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'big' }] });
    const listed = await client.sendRequest<ImagesResult>('kubeImageLens/workspaceImages', {}, INDEX_TIMEOUT_MS);
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    return { listed, log: client.logMessages.map((message) => message.message) };
  } finally {
    await client.dispose();
  }
}

describe(`project index of ${FILE_COUNT} closed files on worker threads`, () => {
  const workspace = tempWorkspace('kil-index-workers-');
  /** A copy of the CLI bundle alone: no `analysisWorker.js` next to it. */
  const lone = mkdtempSync(path.join(tmpdir(), 'kil-lone-bundle-'));
  let inThread: { listed: ImagesResult; log: string[] };

  before(async () => {
    writeWorkspace(workspace.dir);
    copyFileSync(CLI, path.join(lone, 'cli.js'));
    inThread = await indexOf(workspace, { cli: path.join(lone, 'cli.js') });
  });

  after(() => {
    workspace.cleanup();
    rmSync(lone, { recursive: true, force: true });
  });

  test('without the worker bundle the server says so once and indexes on its own thread', () => {
    assert.equal(inThread.log.filter((line) => UNAVAILABLE.test(line)).length, 1, inThread.log.join('\n'));
    const images = inThread.listed.files.flatMap((file) => file.images);
    assert.equal(inThread.listed.files.filter((file) => /\/team-\d+\/app-/.test(file.uri)).length, FILE_COUNT, 'every manifest');
    assert.ok(images.some((image) => Number(image.findingCount) > 0), 'the workspace has findings to compare');
    assert.deepEqual(new Set(inThread.listed.files.map((file) => file.profile)), new Set(['prod', 'staging']));
  });

  test('workers list exactly the same files, images and findings', async () => {
    const { listed, log } = await indexOf(workspace, {});
    assert.ok(log.some((line) => STARTED.test(line)), `workers started: ${log.join('\n')}`);
    assert.equal(log.filter((line) => UNAVAILABLE.test(line)).length, 0, log.join('\n'));
    assert.deepEqual(listed, inThread.listed);
  });

  test('a worker dying in the middle of the build loses no file: the rest is analysed on the thread', async () => {
    const { listed, log } = await indexOf(workspace, {
      env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${WORKER_EXITS}`, KIL_WORKER_EXIT_AFTER_READS: '100' },
    });
    assert.ok(log.some((line) => STARTED.test(line)), log.join('\n'));
    assert.equal(log.filter((line) => UNAVAILABLE.test(line)).length, 1, log.join('\n'));
    assert.deepEqual(listed, inThread.listed);
  });
});
