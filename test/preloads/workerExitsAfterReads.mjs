// Preloaded into a server under test (`NODE_OPTIONS=--import …`): inside worker
// threads only, ends the thread (as a crash would) once it has opened
// KIL_WORKER_EXIT_AFTER_READS manifests, so a test can prove that a worker dying
// in the middle of a build loses no file. Test-only: nothing in the product knows about it.
import fs from 'node:fs';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const limit = Number(process.env.KIL_WORKER_EXIT_AFTER_READS);
if (!isMainThread && limit > 0) {
  let reads = 0;
  const openSync = fs.openSync;
  fs.openSync = function (file, ...rest) {
    if (String(file).endsWith('.yaml') && ++reads > limit) {
      process.exit(1);
    }
    return openSync.call(this, file, ...rest);
  };
}
