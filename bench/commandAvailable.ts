import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** Whether an executable of this name is on PATH (without running it: some tools have no harmless flag). */
export function commandAvailable(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (dir === '') {
      return false;
    }
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
