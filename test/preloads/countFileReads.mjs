// Preloaded into a server under test (`NODE_OPTIONS=--import …`): logs the path
// of every file opened or read through `fs`, one per line, to the file named by
// KIL_READ_LOG, so a test can count reads per path. Node runs `--import`
// preloads in every worker thread too, so reads of the analysis workers are
// logged (each thread appends through its own descriptor). Test-only: nothing
// in the product knows about it.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { URL } from 'node:url';

const logPath = process.env.KIL_READ_LOG;
if (logPath) {
  const fd = fs.openSync(logPath, 'a');
  const log = (file) => {
    if (typeof file === 'string' || file instanceof URL || Buffer.isBuffer(file)) {
      fs.writeSync(fd, `${String(file)}\n`);
    }
  };
  const wrap = (owner, name) => {
    const original = owner[name];
    owner[name] = function (file, ...rest) {
      log(file);
      return original.call(this, file, ...rest);
    };
  };
  for (const name of ['readFile', 'readFileSync', 'open', 'openSync', 'createReadStream']) {
    wrap(fs, name);
  }
  for (const name of ['readFile', 'open']) {
    wrap(fs.promises, name);
  }
}
