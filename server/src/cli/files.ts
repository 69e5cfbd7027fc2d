import type { Dirent, Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliError, ioError } from './errors';
import { displayPathFor } from './paths';

export interface InputFile {
  absolutePath: string;
  /** As printed: posix, relative to the working directory unless given absolute. */
  displayPath: string;
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * The files to analyse, one at a time so huge trees never sit in memory.
 * Every named path is checked before the first file is yielded, so a typo
 * fails fast instead of after pages of output. Named files are taken whatever
 * their extension; directories contribute `*.yaml`/`*.yml` recursively, in
 * name order, skipping `node_modules` and hidden directories (`.git`, …).
 */
export async function* discoverFiles(paths: readonly string[], cwd: string): AsyncGenerator<InputFile> {
  const roots: Array<InputFile & { isDirectory: boolean }> = [];
  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const stats = await statOrThrow(absolutePath, given);
    if (!stats.isDirectory() && !stats.isFile()) {
      throw new CliError(`cannot read '${given}': not a regular file or directory`);
    }
    roots.push({ absolutePath, displayPath: displayPathFor(absolutePath, path.isAbsolute(given), cwd), isDirectory: stats.isDirectory() });
  }

  // A file reached twice (named and inside a named directory) is reported once.
  const seen = new Set<string>();
  for (const root of roots) {
    const files = root.isDirectory ? walkDirectory(root.absolutePath, root.displayPath) : [root];
    for await (const file of files) {
      if (!seen.has(file.absolutePath)) {
        seen.add(file.absolutePath);
        yield { absolutePath: file.absolutePath, displayPath: file.displayPath };
      }
    }
  }
}

async function* walkDirectory(absoluteDir: string, displayDir: string): AsyncGenerator<InputFile> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(absoluteDir, { withFileTypes: true });
  } catch (error) {
    throw ioError('read directory', displayDir, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolutePath = path.join(absoluteDir, entry.name);
    const displayPath = path.posix.join(displayDir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) {
        yield* walkDirectory(absolutePath, displayPath);
      }
    } else if (MANIFEST_EXTENSION.test(entry.name) && (await isFileOrLinkToFile(entry, absolutePath))) {
      yield { absolutePath, displayPath };
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
    throw ioError('read', given, error);
  }
}
