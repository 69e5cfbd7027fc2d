import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ioError } from './errors';
import { displayPathFor } from './paths';
import type { ReportProblem } from './problems';

export interface InputFile {
  absolutePath: string;
  /** As printed: posix, relative to the working directory unless given absolute. */
  displayPath: string;
  /** The directory named on the command line that the file was found under (a named file's own directory). */
  argumentRoot?: string;
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * The files to analyse, one at a time so huge trees never sit in memory.
 * Every named path is checked before the first file is yielded, so a typo is
 * reported first instead of after pages of output. Named files are taken
 * whatever their extension; directories contribute `*.yaml`/`*.yml`
 * recursively, in name order, skipping `node_modules` and hidden directories
 * (`.git`, …). What cannot be read (and dangling symbolic links) goes to
 * `report`; the walk goes on.
 */
export async function* discoverFiles(paths: readonly string[], cwd: string, report: ReportProblem = () => {}): AsyncGenerator<InputFile> {
  const roots: Array<InputFile & { isDirectory: boolean }> = [];
  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const fail = (message: string): void => report({ level: 'error', path: given, message, position: null });
    const stats = await fs.stat(absolutePath).catch((error: unknown) => {
      fail(ioError('read', given, error).message);
      return null;
    });
    if (stats === null) {
      continue;
    }
    if (!stats.isDirectory() && !stats.isFile()) {
      fail(`cannot read '${given}': not a regular file or directory`);
      continue;
    }
    roots.push({ absolutePath, displayPath: displayPathFor(absolutePath, path.isAbsolute(given), cwd), isDirectory: stats.isDirectory() });
  }

  // A file reached twice (named and inside a named directory) is reported once.
  const seen = new Set<string>();
  for (const root of roots) {
    const files = root.isDirectory ? walkDirectory(root.absolutePath, root.displayPath, report) : [root];
    for await (const file of files) {
      if (!seen.has(file.absolutePath)) {
        seen.add(file.absolutePath);
        const argumentRoot = root.isDirectory ? root.absolutePath : path.dirname(root.absolutePath);
        yield { absolutePath: file.absolutePath, displayPath: file.displayPath, argumentRoot };
      }
    }
  }
}

async function* walkDirectory(absoluteDir: string, displayDir: string, report: ReportProblem): AsyncGenerator<InputFile> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(absoluteDir, { withFileTypes: true });
  } catch (error) {
    report({ level: 'error', path: displayDir, message: ioError('read directory', displayDir, error).message, position: null });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolutePath = path.join(absoluteDir, entry.name);
    const displayPath = path.posix.join(displayDir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) {
        yield* walkDirectory(absolutePath, displayPath, report);
      }
    } else if (MANIFEST_EXTENSION.test(entry.name) && (await isFileOrLinkToFile(entry, absolutePath, displayPath, report))) {
      yield { absolutePath, displayPath };
    }
  }
}

/**
 * Symbolic links to files count; links to directories are not followed, which
 * rules out cycles. A link whose target is missing is reported, not dropped
 * silently: the manifest it stood for is not checked.
 */
async function isFileOrLinkToFile(entry: Dirent, absolutePath: string, displayPath: string, report: ReportProblem): Promise<boolean> {
  if (entry.isFile()) {
    return true;
  }
  if (!entry.isSymbolicLink()) {
    return false;
  }
  const target = await fs.stat(absolutePath).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'dangling symbolic link (its target does not exist)' : ioError('follow', displayPath, error).message;
    report({ level: 'warning', path: displayPath, message: `skipping '${displayPath}': ${why}`, position: null });
    return null;
  });
  return target?.isFile() ?? false;
}
