/** Entry point of the CLI's worker threads (bundled as `out/analysisWorker.js`): runs analysis jobs posted by `WorkerPool`. */
import { parentPort } from 'node:worker_threads';
import type { AnalysisJob } from './analysisJob';
import { runAnalysisJob } from './analysisJob';

const port = parentPort;
if (port) {
  port.on('message', (message: { id: number; job: AnalysisJob }) => {
    runAnalysisJob(message.job).then(
      (outcome) => port.postMessage({ id: message.id, outcome }),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
