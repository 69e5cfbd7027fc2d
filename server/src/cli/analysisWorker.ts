/** Entry point of the CLI's worker threads (bundled as `out/analysisWorker.js`): runs analysis batches posted by `WorkerPool`. */
import { parentPort } from 'node:worker_threads';
import type { AnalysisBatch } from './analysisJob';
import { runAnalysisBatch } from './analysisJob';

const port = parentPort;
if (port) {
  port.on('message', (message: { id: number; batch: AnalysisBatch }) => {
    try {
      port.postMessage({ id: message.id, outcomes: runAnalysisBatch(message.batch) });
    } catch (error) {
      port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
