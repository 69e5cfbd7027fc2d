import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisBatch, AnalysisOutcome } from './analysisJob';

/** The worker's bundle, next to `out/cli.js`. */
const WORKER_SCRIPT = path.join(__dirname, 'analysisWorker.js');

type Reply = { id: number; outcomes: AnalysisOutcome[] } | { id: number; error: string };

interface Pending {
  resolve: (outcomes: AnalysisOutcome[]) => void;
  reject: (error: Error) => void;
}

/**
 * `size` worker threads reading and analysing batches of files. Each batch
 * goes to the worker with the fewest batches in flight; several may be in
 * flight per worker so none waits idle for the next message.
 */
export class WorkerPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  private nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SCRIPT);
      const pending = new Map<number, Pending>();
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
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`analysis worker exited with code ${code}`)));
      this.workers.push({ worker, pending });
    }
  }

  run(batch: AnalysisBatch): Promise<AnalysisOutcome[]> {
    const target = this.workers.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
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
