import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseAllDocuments } from 'yaml';
import type { Benchmark } from './benchmark';
import { startLanguageServerProcess } from './languageServerProcess';
import { generateManifest } from './manifestGenerator';
import { formatMs } from './stats';

const FILES = 10_000;
/** Lines per manifest: a few resources each, like a real repository's files. */
const LINES_PER_FILE = 60;
const CLI = path.resolve(__dirname, '../out/cli.js');
const TARGET_SPEED_UP = 1.7;

/** 100 folders of 100 files. */
function writeWorkspace(dir: string): string[] {
  const files: string[] = [];
  for (let index = 0; index < FILES; index++) {
    const file = path.join(dir, `team-${String(Math.floor(index / 100)).padStart(3, '0')}`, `app-${String(index).padStart(5, '0')}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, generateManifest(LINES_PER_FILE, index + 1));
    files.push(file);
  }
  return files;
}

/** The floor any tool pays: read every file and parse it with the YAML library, on one thread, in this process. */
function bareReadAndParseMs(files: readonly string[]): number {
  const start = performance.now();
  for (const file of files) {
    parseAllDocuments(readFileSync(file, 'utf8'));
  }
  return performance.now() - start;
}

/** Wall time of `kube-image-lens check` over the tree, and a hash of its output (1 and 2 jobs must agree). */
function timeCheck(dir: string, jobs: number): Promise<{ ms: number; outputHash: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '--fail-on', 'never', '--jobs', String(jobs), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const hash = createHash('sha256');
    child.stdout.on('data', (chunk: Buffer) => hash.update(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) {
        resolve({ ms: performance.now() - start, outputHash: hash.digest('hex') });
      } else {
        reject(new Error(`check --jobs ${jobs} exited with ${code}`));
      }
    });
  });
}

/** Pure CPU work, split over `threads` worker threads: what two threads can gain on this machine at this moment, whatever the program. */
async function spinMs(threads: number): Promise<number> {
  const iterations = 200_000_000 / threads;
  const code = `const { parentPort, workerData } = require('node:worker_threads'); let x = 0; for (let i = 0; i < workerData; i++) { x = (x * 31 + i) % 1000003; } parentPort.postMessage(x);`;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve, reject) => new Worker(code, { eval: true, workerData: iterations }).once('message', resolve).once('error', reject))),
  );
  return performance.now() - start;
}

/** From spawning the server to the Images view's answer, which waits for the complete index. */
async function timeServerIndex(dir: string): Promise<{ ms: number; listed: number }> {
  const start = performance.now();
  const server = await startLanguageServerProcess(pathToFileURL(dir).href);
  try {
    const result = await server.connection.sendRequest<{ files: unknown[] }>('kubeImageLens/workspaceImages', {});
    return { ms: performance.now() - start, listed: result.files.length };
  } finally {
    await server.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'workspace',
  description: `${FILES / 1000}k manifests of ${LINES_PER_FILE} lines: 'check' with 1 and 2 worker jobs (target 2 jobs ≥ ${TARGET_SPEED_UP}× one) and the server's start-to-complete-index time, against a bare read + YAML parse of the same files`,
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'kil-bench-workspace-'));
    try {
      const files = writeWorkspace(dir);
      // Warm the page cache so the first measured run does not pay for the writes.
      bareReadAndParseMs(files);
      const baselineMs = bareReadAndParseMs(files);
      const one = await timeCheck(dir, 1);
      const two = await timeCheck(dir, 2);
      const index = await timeServerIndex(dir);
      const machineSpeedUp = (await spinMs(1)) / (await spinMs(2));
      const perSecond = (ms: number): string => String(Math.round((FILES * 1000) / ms));
      const ratio = (ms: number): string => `${(ms / baselineMs).toFixed(2)}×`;
      const speedUp = one.ms / two.ms;
      return {
        table: {
          columns: ['run', 'ms', 'files/s', 'vs bare read+parse'],
          rows: [
            ['bare read + parse (baseline, in process)', formatMs(baselineMs), perSecond(baselineMs), '1.00×'],
            ['check --jobs 1', formatMs(one.ms), perSecond(one.ms), ratio(one.ms)],
            ['check --jobs 2', formatMs(two.ms), perSecond(two.ms), ratio(two.ms)],
            ['server start → complete index', formatMs(index.ms), perSecond(index.ms), ratio(index.ms)],
          ],
        },
        results: {
          files: FILES,
          linesPerFile: LINES_PER_FILE,
          baselineMs,
          checkOneJobMs: one.ms,
          checkTwoJobsMs: two.ms,
          speedUp,
          serverIndexMs: index.ms,
          serverListed: index.listed,
          sameOutput: one.outputHash === two.outputHash,
          machineSpeedUp,
        },
        notes: [
          `2 jobs vs 1: ${speedUp.toFixed(2)}× — target ≥ ${TARGET_SPEED_UP}× ${speedUp >= TARGET_SPEED_UP ? 'met' : 'MISSED'}; pure CPU work on 2 threads vs 1 gains ${machineSpeedUp.toFixed(2)}× on this machine now (the ceiling)`,
          `output of 1 and 2 jobs ${one.outputHash === two.outputHash ? 'identical' : 'DIFFERS'}; the server listed ${index.listed} of ${FILES} files`,
          'CLI and server times include process start-up; the baseline does not.',
          `${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)} at the end: wall-clock ratios need an otherwise idle machine.`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
