import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectFileSettings } from '../core/projectConfig';
import { PROJECT_CONFIG_FILE, parseProjectConfig } from '../core/projectConfig';

export interface ProjectConfig {
  /** Directory holding the config file; profile and exclude globs are relative to it. */
  root: string;
  /** The config file itself. */
  file: string;
  /** Its text, for checks beyond the settings (unknown keys). */
  text: string;
  parsed: ProjectFileSettings;
}

/**
 * Finds and reads the nearest `.kube-image-lens.yaml` above a file, never above
 * the innermost boundary (workspace folder, the CLI's working directory) that
 * holds it; files outside every boundary look up to the file-system root.
 * Results are cached per directory until `invalidate()` (a config file changed
 * on disk), so a tree of thousands of files reads each config once.
 */
export class ProjectConfigLocator {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();

  find(file: string, boundaries: readonly string[]): ProjectConfig | null {
    const stopAt = boundaries.filter((root) => isInside(file, root)).sort((a, b) => b.length - a.length)[0] ?? null;
    return this.findFrom(path.dirname(file), stopAt);
  }

  /** Reads one named config file (`--config`); throws when it cannot be read. */
  static read(file: string): ProjectConfig {
    const text = fs.readFileSync(file, 'utf8');
    return { root: path.dirname(file), file, text, parsed: parseProjectConfig(text) };
  }

  invalidate(): void {
    this.byDirectory.clear();
  }

  private findFrom(directory: string, stopAt: string | null): ProjectConfig | null {
    const cached = this.byDirectory.get(directory);
    if (cached !== undefined) {
      return cached;
    }
    let found: ProjectConfig | null;
    const candidate = path.join(directory, PROJECT_CONFIG_FILE);
    const text = readIfExists(candidate);
    if (text !== null) {
      found = { root: directory, file: candidate, text, parsed: parseProjectConfig(text) };
    } else {
      const parent = path.dirname(directory);
      const atBoundary = parent === directory || (stopAt !== null && path.resolve(directory) === path.resolve(stopAt));
      found = atBoundary ? null : this.findFrom(parent, stopAt);
    }
    this.byDirectory.set(directory, found);
    return found;
  }
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Whether `file` lies strictly inside `root`. */
export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
