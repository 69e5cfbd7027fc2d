import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** The file system path of a `file:` URI, or null for untitled and virtual documents. */
export function fsPathOf(uri: string): string | null {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : null;
}

/** The posix path used for profile globs: relative to `root` when inside it, else the URI's own path. */
export function profilePath(uri: string, root: string | null): string {
  const file = fsPathOf(uri);
  if (file && root) {
    const relative = path.relative(root, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      return relative.split(path.sep).join('/');
    }
  }
  return URI.parse(uri).path.replace(/^\//, '');
}
