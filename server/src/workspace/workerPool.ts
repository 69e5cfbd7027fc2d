import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisBatch, AnalysisOutcome } from './analysisJob';

/** The worker's bundle, next to `out/cli.js` and `out/server.js` (both bundles hold this module). */
const WORKER_SCRIPT = path.join(__dirname, 'analysisWorker.js');

type Reply = { id: number; outcomes: AnalysisOutcome[] } | { id: number; error: string };

interface Pending {
  resolve: (outcomes: AnalysisOutcome[]) => void;
  reject: (error: Error) => void;
}

/** The most files per message to a worker: enough that messaging costs little next to analysis, few enough that results stream. */
export const MAX_FILES_PER_BATCH = 64;

/** A worker could not start or died: its batches were not analysed (unlike an analysis that threw inside a live worker). */
export class WorkerFailure extends Error {}

export interface WorkerPoolOptions {
  /**
   * False for a long-lived process that closes the pool itself (the language
   * server): idle workers must never keep it alive once its connection ends.
   */
  keepsProcessAlive?: boolean;
}

/**
 * `size` worker threads reading and analysing batches of files. Each batch
 * goes to the worker with the fewest batches in flight; several may be in
 * flight per worker so none waits idle for the next message.
 */
export class WorkerPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending>; alive: boolean }> = [];
  private nextId = 0;

  constructor(
    readonly size: number,
    { keepsProcessAlive = true }: WorkerPoolOptions = {},
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SCRIPT);
      const entry = { worker, pending: new Map<number, Pending>(), alive: true };
      const { pending } = entry;
      worker.on('message', (reply: Reply) => {
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        if ('error' in reply) {
          waiting?.reject(new Error(reply.error));
        } else {
          waiting?.resolve(reply.outcomes);
        }
      });
      const failAll = (error: Error): void => {
        pending.forEach((waiting) => waiting.reject(error));
        pending.clear();
      };
      worker.on('error', (error) => failAll(new WorkerFailure(`analysis worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        entry.alive = false;
        failAll(new WorkerFailure(`analysis worker exited with code ${code}`));
      });
      if (!keepsProcessAlive) {
        worker.unref();
      }
      this.workers.push(entry);
    }
  }

  run(batch: AnalysisBatch): Promise<AnalysisOutcome[]> {
    const alive = this.workers.filter((candidate) => candidate.alive);
    if (alive.length === 0) {
      return Promise.reject(new WorkerFailure('no analysis worker is running'));
    }
    const target = alive.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
