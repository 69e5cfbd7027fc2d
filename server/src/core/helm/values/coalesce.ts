/**
 * Helm's value layering, ported from `pkg/chart/v2/util/coalesce.go` (`CoalesceValues`,
 * `MergeValues`, `coalesceGlobals`, `coalesceTablesFullKey`) and the values-file merge of
 * `pkg/cli/values/options.go` (`mergeMaps`). Higher-precedence values win; maps merge
 * deeply; lists and scalars replace; `null` deletes the key when coalescing.
 */
import type { Values } from './valueTypes';
import { deepCopy, isTable } from './valueTypes';

/** What coalescing needs from a chart: its (alias) name, default values and enabled subcharts. */
export interface CoalesceChart {
  name: string;
  values: Values;
  dependencies: readonly CoalesceChart[];
}

const GLOBAL_KEY = 'global';

/** `CoalesceValues`: user values over chart defaults, nulls removed. `vals` is not mutated. */
export function coalesceValues(chart: CoalesceChart, vals: Values): Values {
  return coalesce(chart, deepCopy(vals), false);
}

/** `MergeValues`: like `coalesceValues` but nulls are kept (used for import-values). */
export function mergeValues(chart: CoalesceChart, vals: Values): Values {
  return coalesce(chart, deepCopy(vals), true);
}

function coalesce(chart: CoalesceChart, dest: Values, merge: boolean): Values {
  coalesceChartValues(chart, dest, merge);
  return coalesceDeps(chart, dest, merge);
}

function coalesceDeps(chart: CoalesceChart, dest: Values, merge: boolean): Values {
  for (const subchart of chart.dependencies) {
    const existing = dest[subchart.name];
    if (existing === undefined) {
      dest[subchart.name] = {};
    } else if (!isTable(existing)) {
      throw new Error(`type mismatch on ${subchart.name}: ${String(existing)}`);
    }
    const sub = dest[subchart.name] as Values;
    coalesceGlobals(sub, dest);
    dest[subchart.name] = coalesce(subchart, sub, merge);
  }
  return dest;
}

/** Copies the parent's `global` into the subchart's: the parent's entries win, maps merge top-down. */
function coalesceGlobals(dest: Values, src: Values): void {
  const destGlobal = dest[GLOBAL_KEY] === undefined ? {} : dest[GLOBAL_KEY];
  const srcGlobal = src[GLOBAL_KEY] === undefined ? {} : src[GLOBAL_KEY];
  if (!isTable(destGlobal) || !isTable(srcGlobal)) {
    return;
  }
  for (const [key, value] of Object.entries(srcGlobal)) {
    if (isTable(value)) {
      const copy = deepCopy(value);
      const existing = destGlobal[key];
      if (existing === undefined) {
        destGlobal[key] = copy;
      } else if (isTable(existing)) {
        coalesceTablesFullKey(copy, existing, true);
        destGlobal[key] = copy;
      }
    } else if (!isTable(destGlobal[key])) {
      destGlobal[key] = value;
    }
  }
  dest[GLOBAL_KEY] = destGlobal;
}

/** `coalesceValues` in Helm: the chart's own defaults under the values given for it. */
function coalesceChartValues(chart: CoalesceChart, v: Values, merge: boolean): void {
  const defaults = deepCopy(chart.values);
  for (const [key, value] of Object.entries(defaults)) {
    if (key in v) {
      const current = v[key];
      if (current === null && !merge) {
        delete v[key];
      } else if (isTable(current) && isTable(value)) {
        const childMerge = chart.dependencies.some((dependency) => dependency.name === key) || merge;
        coalesceTablesFullKey(current, value, childMerge);
      }
    } else {
      v[key] = value;
    }
  }
}

/** `coalesceTablesFullKey(dst, src)`: dst has precedence; src is mutated as in Helm. */
export function coalesceTablesFullKey(dst: Values, src: Values, merge: boolean): Values {
  for (const [key, value] of Object.entries(dst)) {
    if (value === null) {
      src[key] = null;
    }
  }
  for (const [key, value] of Object.entries(src)) {
    const present = key in dst;
    const current = dst[key];
    if (present && !merge && current === null) {
      delete dst[key];
    } else if (!present) {
      dst[key] = value;
    } else if (isTable(value)) {
      if (isTable(current)) {
        coalesceTablesFullKey(current, value, merge);
      }
    }
  }
  return dst;
}

/** `MergeTables(dst, src)` (merge mode of coalesceTablesFullKey). */
export function mergeTables(dst: Values, src: Values): Values {
  return coalesceTablesFullKey(dst, src, true);
}

/** `mergeMaps` of `helm template -f a -f b`: b over a, maps merged, everything else replaced (nulls kept). */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    if (isTable(value) && isTable(existing)) {
      out[key] = mergeMaps(existing, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
