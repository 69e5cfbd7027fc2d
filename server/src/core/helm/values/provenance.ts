/**
 * Where a value a template read came from, for one rendering. Helm's layering is a strict
 * precedence (later value flag, later `-f` file, then chart defaults from the root chart
 * down to the chart itself; for `global`, parent charts over children) in which maps merge
 * and everything else replaces; so the winner of a leaf is the first source, in that order,
 * that writes the leaf itself or a list holding it. The answer is checked against the
 * rendered value: when they differ (import-values, odd merges), the origin is unknown, never guessed.
 */
import type { ResolvedChart } from '../chart/dependencies';
import type { UserValues, ValueFlag } from './userValues';
import type { ValueLocation, ValuesFile } from './valuesFile';
import type { ValuePath, Values } from './valueTypes';
import { isTable, pathKey } from './valueTypes';

export type ValueSource =
  /** A values file: the chart's own values.yaml (chart-relative to the root chart) or a user `-f` file. */
  | { kind: 'file'; file: string; userFile: boolean; path: ValuePath; location: ValueLocation | null }
  /** A value flag (`--set`, `--set-json`, `--set-file`…): nothing a pin could edit. */
  | { kind: 'set'; flag: ValueFlag; expression: string; path: ValuePath };

export interface ValueOrigin {
  /** The key path as the chart's templates read it (`.Values.image.tag` → ['image', 'tag']). */
  chartPath: ValuePath;
  /** The key path in the root chart's values that sets it (['mariadb', 'image', 'tag'] for a subchart). */
  rootPath: ValuePath;
  source: ValueSource;
}

interface Candidate {
  lookup: (path: ValuePath) => { found: boolean; value: unknown };
  source: (path: ValuePath) => ValueSource;
}

export class ValueProvenance {
  constructor(
    private readonly user: UserValues,
    /** The chain of charts from the root to each chart, by fullPath. */
    private readonly chains: ReadonlyMap<string, readonly ResolvedChart[]>,
  ) {}

  /** The origin of the leaf at `path` in `chart`'s scoped values, whose rendered value is `value`. */
  originOf(chart: ResolvedChart, path: ValuePath, value: unknown): ValueOrigin | null {
    const chain = this.chains.get(chart.fullPath);
    if (!chain || path.length === 0) {
      return null;
    }
    const global = path[0] === 'global';
    const rootPath = global ? path : [...chart.valuesPath, ...path];
    const candidates: { candidate: Candidate; path: ValuePath }[] = [];
    // A leaf the layered user values lack is the charts' (a `--set-json key={…}` replaces a whole map, hiding what files wrote under it).
    if (walk(this.user.values, rootPath).found) {
      for (const set of [...this.user.sets].reverse()) {
        candidates.push({ candidate: this.setCandidate(set), path: rootPath });
      }
      for (const file of [...this.user.files].reverse()) {
        candidates.push({ candidate: fileCandidate(file, true), path: rootPath });
      }
    }
    chain.forEach((ancestor, depth) => {
      const relative = global ? path : [...chart.valuesPath.slice(depth), ...path];
      // The chart's own file, not its rewritten values (which also hold copies of lower-precedence defaults).
      candidates.push({ candidate: fileCandidate(ancestor.chart.values, false), path: relative });
    });
    for (const { candidate, path: candidatePath } of candidates) {
      const { found, value: written } = candidate.lookup(candidatePath);
      if (!found) {
        continue;
      }
      return sameValue(written, value) ? { chartPath: path, rootPath, source: candidate.source(candidatePath) } : null;
    }
    return null;
  }

  private setCandidate(set: UserValues['sets'][number]): Candidate {
    return {
      lookup: (path) => walk(set.values, path),
      source: (path) => ({ kind: 'set', flag: set.flag, expression: set.expression, path }),
    };
  }
}

function fileCandidate(file: ValuesFile, userFile: boolean): Candidate {
  return {
    lookup: (path) => walk(file.values, path),
    source: (path) => ({ kind: 'file', file: file.file, userFile, path, location: nearestLocation(file, path) }),
  };
}

/** The value at `path`, or `found: false` when the source does not write it (or writes null, which deletes). */
function walk(values: Values, path: ValuePath): { found: boolean; value: unknown } {
  let current: unknown = values;
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(current) : !isTable(current)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string | number, unknown>)[part];
    if (current === undefined || current === null) {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}

/** The node's own location, or its closest written ancestor's (values reached through a YAML alias). */
function nearestLocation(file: ValuesFile, path: ValuePath): ValueLocation | null {
  for (let length = path.length; length > 0; length--) {
    const location = file.locations.get(pathKey(path.slice(0, length)));
    if (location) {
      return location;
    }
  }
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return Number(a) === Number(b);
  }
  return typeof a === 'object' && typeof b === 'object';
}
