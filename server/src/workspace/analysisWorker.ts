/**
 * Entry point of the analysis worker threads (bundled as `out/analysisWorker.js`) of the CLI and
 * the language server: runs analysis batches posted by `WorkerPool`.
 */
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
