import * as path from 'node:path';
import picomatch from 'picomatch';
import { toPosix } from './paths';
import type { ProjectConfig } from './projectConfigLocator';

/** Folders never searched, whatever the configuration: version control, dependencies, hidden folders (`.git`, `.cache`, …). */
const BUILT_IN_EXCLUDED_DIRECTORIES = new Set(['node_modules']);

/** Globs and the folder they are relative to (a config file's folder, a workspace folder for the editor's `files.exclude`). */
export interface ExcludeGlobs {
  root: string;
  globs: readonly string[];
}

/** Which files and folders a directory walk leaves out. */
export interface ExclusionRules {
  isExcluded(absolutePath: string, isDirectory: boolean): boolean;
}

/**
 * The one set of exclusion rules for the CLI and the editor: built-in folders,
 * the `exclude` globs of the project config governing the path (`configFor`),
 * and any extra globs (the editor's `files.exclude`). A folder is judged by the
 * config of the folder holding it. Matchers are compiled once per config.
 */
export function exclusionRules(configFor: (absolutePath: string) => ProjectConfig | null, extra: readonly ExcludeGlobs[] = []): ExclusionRules {
  const compiled = new Map<string, (relative: string) => boolean>();
  const matcherOf = (globs: ExcludeGlobs): ((relative: string) => boolean) => {
    const key = `${globs.root}\0${globs.globs.join('\0')}`;
    let matcher = compiled.get(key);
    if (!matcher) {
      matcher = globs.globs.length === 0 ? () => false : picomatch([...globs.globs], { dot: true });
      compiled.set(key, matcher);
    }
    return matcher;
  };
  const matches = (globs: ExcludeGlobs, absolutePath: string): boolean => {
    const relative = path.relative(globs.root, absolutePath);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && matcherOf(globs)(toPosix(relative));
  };
  return {
    isExcluded(absolutePath, isDirectory) {
      const name = path.basename(absolutePath);
      if (isDirectory && (name.startsWith('.') || BUILT_IN_EXCLUDED_DIRECTORIES.has(name))) {
        return true;
      }
      const config = configFor(absolutePath);
      if (config && matches({ root: config.root, globs: config.parsed.exclude }, absolutePath)) {
        return true;
      }
      return extra.some((globs) => matches(globs, absolutePath));
    },
  };
}
