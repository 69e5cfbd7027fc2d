// Preloaded (`NODE_OPTIONS=--import …`) to run a server or CLI under test as
// the unprivileged user `nobody`: tests run as root here, and root reads a
// `chmod 000` path anyway, so a permission failure is only real without it.
// Worker threads load preloads too; they share the process's user already.
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const NOBODY = 65534;
if (isMainThread) {
  process.setgroups([]);
  process.setgid(NOBODY);
  process.setuid(NOBODY);
}
