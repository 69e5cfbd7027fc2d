/**
 * How the kustomize core reads files: given by the caller (CLI, language server,
 * tests), so the core itself never touches the file system. Paths are POSIX-style
 * and absolute or relative to whatever root the caller chose; the core only joins
 * and normalises them.
 */
export interface FileAccess {
  /** The file's text, or null when it does not exist or is not readable. */
  readText(path: string): string | null;
  /** Names of the entries of a directory, or null when it is not one. */
  listDir(path: string): string[] | null;
  isDir(path: string): boolean;
}

/** `path.posix.normalize` without the trailing slash: resolves `.` and `..` segments. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') {
      parts.pop();
    } else if (part !== '..' || !absolute) {
      parts.push(part);
    }
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** `relative` resolved against `directory` (an absolute `relative` stands alone). */
export function joinPath(directory: string, relative: string): string {
  return normalizePath(relative.startsWith('/') ? relative : `${directory}/${relative}`);
}

export function parentDirectory(path: string): string {
  const normalized = normalizePath(path);
  const slash = normalized.lastIndexOf('/');
  if (slash === -1) {
    return normalized === '..' || normalized.endsWith('/..') ? `${normalized}/..` : '.';
  }
  return slash === 0 ? '/' : normalized.slice(0, slash);
}

/** `path.posix.relative`: how `to` is reached from the folder `from` (both absolute, or both relative to the same root). */
export function relativePath(from: string, to: string): string {
  const fromParts = normalizePath(from).split('/').filter((part) => part !== '' && part !== '.');
  const toParts = normalizePath(to).split('/').filter((part) => part !== '' && part !== '.');
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) {
    common++;
  }
  const parts = [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)];
  return parts.length > 0 ? parts.join('/') : '.';
}
