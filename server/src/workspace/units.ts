import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { scanDirectives } from '../core/directives';
import type { ReleaseOptions, ValueFlags } from '../core/helm';
import type { FileAccess } from '../core/kustomize/fileAccess';
import type { FileAnalysis, Profile, Suppression } from '../core/model';
import type { AnalysisSettings } from '../core/settings';
import { helmUnit } from '../core/units/helmUnit';
import type { HelmRenderCache } from '../core/units/helmRenderCache';
import { kustomizeUnit } from '../core/units/kustomizeUnit';
import type { UnitAnalysis } from '../core/units/unitAnalysis';
import { unitFileAnalyses } from '../core/units/unitAnalysis';
import { readChartFolder } from './chartFiles';
import { toPosix } from './paths';

/** The editor's text of an open file, if it is open. */
export type OpenText = (absolutePath: string) => string | undefined;

const noneOpen: OpenText = () => undefined;

/** File names that make a folder a kustomization. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** A folder that is the root of a unit, found by the file that makes it one. */
export interface UnitRoot {
  kind: 'kustomize' | 'helm';
  folder: string;
}

/**
 * The unit a file makes its folder the root of, if any. A chart vendored under
 * another chart's `charts/` is part of that chart, not a unit of its own.
 */
export function unitRootOf(file: string): UnitRoot | null {
  const name = path.basename(file);
  if (KUSTOMIZATION_FILES.has(name)) {
    return { kind: 'kustomize', folder: path.dirname(file) };
  }
  if (name === 'Chart.yaml' && !file.split(path.sep).slice(0, -2).includes('charts')) {
    return { kind: 'helm', folder: path.dirname(file) };
  }
  return null;
}

/** The unit roots among `files` (absolute paths), sorted by folder. */
export function unitRoots(files: Iterable<string>): UnitRoot[] {
  const roots = new Map<string, UnitRoot>();
  for (const file of files) {
    const root = unitRootOf(file);
    if (root) {
      roots.set(`${root.kind}:${root.folder}`, root);
    }
  }
  return [...roots.values()].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Reads through the editor's open texts, else the file system; paths are absolute POSIX paths. */
export function workspaceFileAccess(openText: OpenText = noneOpen): FileAccess {
  return {
    readText(file) {
      const open = openText(file);
      if (open !== undefined) {
        return open;
      }
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
}

/** One rendering of every chart, spelled out by the user (CLI `--values`, `--set`…, `--release-name`, `--namespace`). */
export interface HelmRenderingOptions {
  /** `--values` files in order, already read. */
  valuesFiles: readonly { absolutePath: string; text: string }[];
  /** `--set`, `--set-string`, `--set-json`, `--set-file` (its files already read), `--set-literal`. */
  flags: ValueFlags;
  release: ReleaseOptions;
}

/** How a run (the CLI) asks for its units. */
export interface UnitOptions {
  helmRendering?: HelmRenderingOptions;
  /** `--profile`: every environment of every unit gets it. */
  profileOverride?: Profile;
  /** A chart's renderings kept by the caller between analyses (the editor keeps one per chart). */
  renderCache?: HelmRenderCache;
}

/** A unit's analysis and what each file shows of it (by absolute path). */
export interface AnalysedUnit {
  unit: UnitAnalysis;
  files: Map<string, FileAnalysis>;
  /** Absolute paths of the files whose own analysis the unit replaces. */
  covers: string[];
  /** Absolute paths of every file it read. */
  reads: string[];
}

/**
 * Analyses one unit. `relativeDirectory` is its folder relative to the project
 * root (it names the environment and chooses the profile); suppression
 * comments in the unit's files apply to the findings shown there. A chart's
 * `renderCache` (kept by the caller between analyses) spares the environments an
 * edit did not touch.
 */
export function analyzeUnit(
  root: UnitRoot,
  settings: AnalysisSettings,
  relativeDirectory: string,
  openText: OpenText = noneOpen,
  { helmRendering, profileOverride, renderCache }: UnitOptions = {},
): AnalysedUnit | null {
  const files = workspaceFileAccess(openText);
  // Values files are named relative to the chart, as the chart's own files are.
  const explicit = helmRendering && {
    ...helmRendering,
    valuesFiles: helmRendering.valuesFiles.map(({ absolutePath, text }) => ({ file: toPosix(path.relative(root.folder, absolutePath)), text })),
  };
  const unit =
    root.kind === 'helm'
      ? helmUnit({ files: readChartFolder(root.folder, openText), chartDir: toPosix(root.folder), relativeDirectory, settings, explicit, profileOverride, cache: renderCache })
      : kustomizeUnit({ files, directory: toPosix(root.folder), relativeDirectory, settings, profileOverride });
  if (!unit) {
    return null;
  }
  const suppressions = new Map<string, readonly Suppression[]>();
  const suppressionsOf = (file: string): readonly Suppression[] => {
    let found = suppressions.get(file);
    if (!found) {
      found = scanDirectives(files.readText(file) ?? '', 0).suppressions;
      suppressions.set(file, found);
    }
    return found;
  };
  const analyses = new Map<string, FileAnalysis>();
  for (const [file, analysis] of unitFileAnalyses(unit, settings, suppressionsOf)) {
    analyses.set(path.resolve(file), analysis);
  }
  return {
    unit,
    files: analyses,
    covers: unit.covers.map((file) => path.resolve(file)),
    reads: unit.filesRead.map((file) => path.resolve(file)),
  };
}

export interface ProjectUnits {
  units: UnitAnalysis[];
  /** What each file shows from the units, by absolute path. */
  analyses: Map<string, FileAnalysis[]>;
  /** Files whose own analysis a unit replaces. */
  covered: Set<string>;
}

/** Analyses every unit of a run (the CLI) and gathers what each file shows. */
export function buildUnits(roots: readonly UnitRoot[], settingsFor: (folder: string) => { settings: AnalysisSettings; root: string }, options: UnitOptions = {}): ProjectUnits {
  const result: ProjectUnits = { units: [], analyses: new Map(), covered: new Set() };
  for (const root of roots) {
    const { settings, root: projectRoot } = settingsFor(root.folder);
    const analysed = analyzeUnit(root, settings, toPosix(path.relative(projectRoot, root.folder)), noneOpen, options);
    if (!analysed) {
      continue;
    }
    result.units.push(analysed.unit);
    analysed.covers.forEach((file) => result.covered.add(file));
    for (const [file, analysis] of analysed.files) {
      const list = result.analyses.get(file);
      if (list) {
        list.push(analysis);
      } else {
        result.analyses.set(file, [analysis]);
      }
    }
  }
  return result;
}
