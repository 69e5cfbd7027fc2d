/** A real file system behind the kustomize core's FileAccess, for tests and scripts. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { FileAccess } from '../../../server/src/core/kustomize/fileAccess';

export const nodeFileAccess: FileAccess = {
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return null;
    }
  },
  isDir(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};
