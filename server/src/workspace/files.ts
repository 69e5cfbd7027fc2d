import type { Dirent, Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExclusionRules } from './exclusions';
import { FileAccessError } from './fileAccessError';
import { displayPathFor } from './paths';
import { isInside } from './projectConfigLocator';

export interface InputFile {
  absolutePath: string;
  /** As printed: posix, relative to the working directory unless given absolute. */
  displayPath: string;
  /** The directory named on the command line that the file was found under (a named file's own directory). */
  argumentRoot?: string;
}

/**
 * A file to analyse, or a path that could not be read (the walk goes on
 * without it). A dangling symbolic link is only a `warning`: the manifest it
 * stood for is not checked, but nothing failed to read.
 */
export type DiscoveredPath =
  | { kind: 'file'; file: InputFile }
  | { kind: 'unreadable'; path: InputFile; error: FileAccessError; severity: 'error' | 'warning' };

const MANIFEST_EXTENSION = /\.ya?ml$/i;

/**
 * The files to analyse, one at a time so huge trees never sit in memory.
 * Every named path is checked before the first file is yielded, so a typo is
 * reported (as `unreadable`) first instead of after pages of output. Named files
 * are taken whatever their extension; directories contribute `*.yaml`/`*.yml`
 * recursively, in name order, leaving out what `rules` excludes. A folder
 * inside that cannot be read is yielded as `unreadable` and the rest is walked.
 */
export async function* discoverFiles(paths: readonly string[], cwd: string, rules: ExclusionRules): AsyncGenerator<DiscoveredPath> {
  const roots: Array<InputFile & { isDirectory: boolean }> = [];
  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const named = { absolutePath, displayPath: given };
    let stats: Stats;
    try {
      stats = await fs.stat(absolutePath);
    } catch (error) {
      yield { kind: 'unreadable', path: named, error: new FileAccessError('read', given, error), severity: 'error' };
      continue;
    }
    if (!stats.isDirectory() && !stats.isFile()) {
      yield { kind: 'unreadable', path: named, error: new FileAccessError('read', given, new Error('not a regular file or directory')), severity: 'error' };
      continue;
    }
    roots.push({ absolutePath, displayPath: displayPathFor(absolutePath, path.isAbsolute(given), cwd), isDirectory: stats.isDirectory() });
  }

  // A file reached twice (named and inside a named directory) is reported once.
  const seen = new Set<string>();
  for (const root of roots) {
    const found = root.isDirectory ? walkDirectory(root, rules) : [{ kind: 'file', file: root } as const];
    const argumentRoot = root.isDirectory ? root.absolutePath : path.dirname(root.absolutePath);
    for await (const item of found) {
      if (item.kind === 'unreadable') {
        yield item;
      } else if (!seen.has(item.file.absolutePath)) {
        seen.add(item.file.absolutePath);
        yield { kind: 'file', file: { absolutePath: item.file.absolutePath, displayPath: item.file.displayPath, argumentRoot } };
      }
    }
  }
}

async function* walkDirectory(directory: InputFile, rules: ExclusionRules): AsyncGenerator<DiscoveredPath> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory.absolutePath, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'unreadable', path: directory, error: new FileAccessError('read directory', directory.displayPath, error), severity: 'error' };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = { absolutePath: path.join(directory.absolutePath, entry.name), displayPath: path.posix.join(directory.displayPath, entry.name) };
    if (entry.isDirectory()) {
      if (!rules.isExcluded(child.absolutePath, true)) {
        yield* walkDirectory(child, rules);
      }
    } else if (MANIFEST_EXTENSION.test(entry.name) && !rules.isExcluded(child.absolutePath, false)) {
      const found = await fileOrLinkToFile(entry, child);
      if (found) {
        yield found;
      }
    }
  }
}

/**
 * Symbolic links to files count; links to directories are not followed, which
 * rules out cycles. A link whose target cannot be reached is reported, not
 * dropped silently: the manifest it stood for is not checked.
 */
async function fileOrLinkToFile(entry: Dirent, file: InputFile): Promise<DiscoveredPath | null> {
  if (entry.isFile()) {
    return { kind: 'file', file };
  }
  if (!entry.isSymbolicLink()) {
    return null;
  }
  try {
    return (await fs.stat(file.absolutePath)).isFile() ? { kind: 'file', file } : null;
  } catch (error) {
    const dangling = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const cause = dangling ? new Error('dangling symbolic link (its target does not exist)') : error;
    return { kind: 'unreadable', path: file, error: new FileAccessError('follow', file.displayPath, cause), severity: dangling ? 'warning' : 'error' };
  }
}

/**
 * Whether a walk of `roots` would yield this file (a watcher reported it): a
 * manifest extension, inside a root, and neither it nor a folder between the
 * root and it excluded.
 */
export function isDiscoverable(absolutePath: string, roots: readonly string[], rules: ExclusionRules): boolean {
  if (!MANIFEST_EXTENSION.test(absolutePath)) {
    return false;
  }
  const root = roots.find((candidate) => isInside(absolutePath, candidate));
  if (root === undefined || rules.isExcluded(absolutePath, false)) {
    return false;
  }
  for (let folder = path.dirname(absolutePath); folder.length > root.length; folder = path.dirname(folder)) {
    if (rules.isExcluded(folder, true)) {
      return false;
    }
  }
  return true;
}
