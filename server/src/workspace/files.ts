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
}

/** A file to analyse, or a path under a named folder that could not be read (the walk goes on without it). */
export type DiscoveredPath = { kind: 'file'; file: InputFile } | { kind: 'unreadable'; path: InputFile; error: FileAccessError };

const MANIFEST_EXTENSION = /\.ya?ml$/i;

/**
 * The files to analyse, one at a time so huge trees never sit in memory.
 * Every named path is checked before the first file is yielded, so a typo
 * fails fast (FileAccessError) instead of after pages of output. Named files
 * are taken whatever their extension; directories contribute `*.yaml`/`*.yml`
 * recursively, in name order, leaving out what `rules` excludes. A folder
 * inside that cannot be read is yielded as `unreadable` and the rest is walked.
 */
export async function* discoverFiles(paths: readonly string[], cwd: string, rules: ExclusionRules): AsyncGenerator<DiscoveredPath> {
  const roots: Array<InputFile & { isDirectory: boolean }> = [];
  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const stats = await statOrThrow(absolutePath, given);
    if (!stats.isDirectory() && !stats.isFile()) {
      throw new FileAccessError('read', given, new Error('not a regular file or directory'));
    }
    roots.push({ absolutePath, displayPath: displayPathFor(absolutePath, path.isAbsolute(given), cwd), isDirectory: stats.isDirectory() });
  }

  // A file reached twice (named and inside a named directory) is reported once.
  const seen = new Set<string>();
  for (const root of roots) {
    const found = root.isDirectory ? walkDirectory(root, rules) : [{ kind: 'file', file: root } as const];
    for await (const item of found) {
      if (item.kind === 'unreadable') {
        yield item;
      } else if (!seen.has(item.file.absolutePath)) {
        seen.add(item.file.absolutePath);
        yield { kind: 'file', file: { absolutePath: item.file.absolutePath, displayPath: item.file.displayPath } };
      }
    }
  }
}

async function* walkDirectory(directory: InputFile, rules: ExclusionRules): AsyncGenerator<DiscoveredPath> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory.absolutePath, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'unreadable', path: directory, error: new FileAccessError('read directory', directory.displayPath, error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = { absolutePath: path.join(directory.absolutePath, entry.name), displayPath: path.posix.join(directory.displayPath, entry.name) };
    if (entry.isDirectory()) {
      if (!rules.isExcluded(child.absolutePath, true)) {
        yield* walkDirectory(child, rules);
      }
    } else if (MANIFEST_EXTENSION.test(entry.name) && (await isFileOrLinkToFile(entry, child.absolutePath)) && !rules.isExcluded(child.absolutePath, false)) {
      yield { kind: 'file', file: child };
    }
  }
}

/** Symbolic links to files count; links to directories are not followed, which rules out cycles. */
async function isFileOrLinkToFile(entry: Dirent, absolutePath: string): Promise<boolean> {
  if (entry.isFile()) {
    return true;
  }
  if (!entry.isSymbolicLink()) {
    return false;
  }
  const target = await fs.stat(absolutePath).catch(() => null);
  return target?.isFile() ?? false;
}

async function statOrThrow(absolutePath: string, given: string): Promise<Stats> {
  try {
    return await fs.stat(absolutePath);
  } catch (error) {
    throw new FileAccessError('read', given, error);
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
