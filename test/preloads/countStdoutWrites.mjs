// Preloaded into a CLI under test (`NODE_OPTIONS=--import …`): counts the calls
// of process.stdout.write and, when the process exits, writes the count to the
// file named by KIL_STDOUT_WRITES. Test-only: nothing in the product knows about it.
import fs from 'node:fs';

const countPath = process.env.KIL_STDOUT_WRITES;
if (countPath) {
  let writes = 0;
  const write = process.stdout.write;
  process.stdout.write = function (...args) {
    writes++;
    return write.apply(this, args);
  };
  process.on('exit', () => fs.writeFileSync(countPath, String(writes)));
}
