import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedSettings } from '../core/projectConfig';
import { PROJECT_CONFIG_FILE, parseProjectConfig } from '../core/projectConfig';

export interface ProjectConfig {
  /** Directory holding the config file; profile globs are relative to it. */
  root: string;
  parsed: ParsedSettings;
}

/**
 * Finds and reads the nearest `.kube-image-lens.yaml` above a file, never above
 * its workspace folder. Results are cached until `invalidate()` (called when a
 * config file changes on disk).
 */
export class ProjectConfigLocator {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();

  find(file: string, workspaceRoots: readonly string[]): ProjectConfig | null {
    const stopAt = workspaceRoots.filter((root) => isInside(file, root)).sort((a, b) => b.length - a.length)[0] ?? null;
    return this.findFrom(path.dirname(file), stopAt);
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
      found = { root: directory, parsed: parseProjectConfig(text) };
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

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
