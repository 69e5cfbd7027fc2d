import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { scanDirectives } from '../core/directives';
import type { FileAccess } from '../core/kustomize/fileAccess';
import type { FileAnalysis, Suppression } from '../core/model';
import type { AnalysisSettings } from '../core/settings';
import { kustomizeUnit } from '../core/units/kustomizeUnit';
import type { UnitAnalysis } from '../core/units/unitAnalysis';
import { unitFileAnalyses } from '../core/units/unitAnalysis';
import { toPosix } from './paths';

/** File names that make a folder a kustomization. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Reads through the real file system; paths are absolute POSIX paths (the core joins them). */
export const diskFileAccess: FileAccess = {
  readText(file) {
    try {
      return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return null;
    }
  },
  listDir(directory) {
    try {
      return readdirSync(directory);
    } catch {
      return null;
    }
  },
  isDir(directory) {
    try {
      return statSync(directory).isDirectory();
    } catch {
      return false;
    }
  },
};

/** The folders among `files` (absolute paths) that hold a kustomization, sorted. */
export function kustomizationFolders(files: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    if (KUSTOMIZATION_FILES.has(path.basename(file))) {
      folders.add(path.dirname(file));
    }
  }
  return [...folders].sort();
}

export interface ProjectUnits {
  units: UnitAnalysis[];
  /** What each file shows from the units, by absolute path. */
  analyses: Map<string, FileAnalysis[]>;
  /** Files whose own analysis a unit replaces. */
  covered: Set<string>;
}

/**
 * Builds the units of a set of folders and splits their findings per file.
 * `settingsFor` gives the settings governing a folder and the root its profile
 * paths are relative to.
 */
export function buildUnits(
  kustomizations: readonly string[],
  settingsFor: (folder: string) => { settings: AnalysisSettings; root: string },
  files: FileAccess = diskFileAccess,
): ProjectUnits {
  const result: ProjectUnits = { units: [], analyses: new Map(), covered: new Set() };
  const suppressions = new Map<string, readonly Suppression[]>();
  const suppressionsOf = (file: string): readonly Suppression[] => {
    let found = suppressions.get(file);
    if (!found) {
      found = scanDirectives(files.readText(file) ?? '', 0).suppressions;
      suppressions.set(file, found);
    }
    return found;
  };
  for (const folder of kustomizations) {
    const { settings, root } = settingsFor(folder);
    const unit = kustomizeUnit({ files, directory: toPosix(folder), relativeDirectory: toPosix(path.relative(root, folder)), settings });
    if (!unit) {
      continue;
    }
    result.units.push(unit);
    unit.covers.forEach((file) => result.covered.add(path.resolve(file)));
    for (const [file, analysis] of unitFileAnalyses(unit, settings, suppressionsOf)) {
      const key = path.resolve(file);
      result.analyses.set(key, [...(result.analyses.get(key) ?? []), analysis]);
    }
  }
  return result;
}
