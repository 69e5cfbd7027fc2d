/**
 * Which subcharts render, under which names: a port of Helm's `ProcessDependenciesWithMerge`
 * (`pkg/chart/v2/util/dependencies.go`): aliases copy a subchart under a new name, `tags`
 * and `condition` switch subcharts off, disabled subcharts disappear, and `import-values`
 * copy child values into the parent. Dependencies listed in Chart.yaml but absent from
 * `charts/` are reported (Helm refuses the whole chart; we render what does not need them).
 */
import type { Range } from '../../model';
import { coalesceValues, mergeTables, mergeValues } from '../values/coalesce';
import type { Values } from '../values/valueTypes';
import { deepCopy, isTable } from '../values/valueTypes';
import type { ChartDependency } from './chartMetadata';
import type { Chart } from './loadChart';
import { isCompatibleRange } from './semverRange';

/** A chart as it takes part in one rendering. */
export interface ResolvedChart {
  chart: Chart;
  /** The name templates and values see: the alias when there is one. */
  name: string;
  /** Default values (after import-values). */
  values: Values;
  dependencies: ResolvedChart[];
  /** Path of subchart names from the root chart's values: [] for the root, ['mariadb'], ['a', 'common']. */
  valuesPath: string[];
  /** Helm's `ChartFullPath`: `wordpress`, `wordpress/charts/mariadb`. Template names start with it. */
  fullPath: string;
}

/** A dependency that is not vendored under charts/ (missing, or read from its `file://` folder). */
export interface MissingDependency {
  /** Location of the chart whose Chart.yaml lists it ('' = root). */
  chartLocation: string;
  dependency: ChartDependency;
  message: string;
  range: Range | null;
}

interface Working {
  chart: Chart;
  name: string;
  values: Values;
  requirements: (ChartDependency & { enabled: boolean; effectiveName: string })[];
  dependencies: Working[];
}

export interface ResolvedDependencies {
  root: ResolvedChart;
  missing: MissingDependency[];
  /** `file://` dependencies rendered from their folder: `helm template` itself needs `helm dependency build` first. */
  linked: MissingDependency[];
}

export function resolveDependencies(root: Chart, userValues: Values): ResolvedDependencies {
  const missing: MissingDependency[] = [];
  const linked: MissingDependency[] = [];
  const working = toWorking(root, missing, linked);
  processEnabled(working, userValues, '');
  processImportValues(working);
  return { root: toResolved(working, [], working.name), missing, linked };
}

function toWorking(chart: Chart, missing: MissingDependency[], linked: MissingDependency[]): Working {
  const dependencies = chart.subcharts.map((subchart) => toWorking(subchart, missing, linked));
  for (const dependency of chart.metadata.dependencies) {
    const vendored = dependencies.find((d) => d.name === dependency.name);
    if (vendored?.chart.linkedFrom) {
      linked.push({
        chartLocation: chart.location,
        dependency,
        message: `dependency "${dependency.name}" is read from ${vendored.chart.linkedFrom}; it is not in charts/, so \`helm template\` needs \`helm dependency build\` first`,
        range: dependency.nameRange,
      });
    }
    if (!vendored) {
      missing.push({
        chartLocation: chart.location,
        dependency,
        message: `dependency "${dependency.name}" (${dependency.version || 'any version'}${dependency.repository ? ` from ${dependency.repository}` : ''}) is listed in Chart.yaml but missing in charts/: run \`helm dependency build\``,
        range: dependency.nameRange,
      });
    }
  }
  return {
    chart,
    name: chart.metadata.name,
    values: chart.values.values,
    requirements: chart.metadata.dependencies.map((d) => ({ ...d, enabled: true, effectiveName: d.name })),
    dependencies,
  };
}

/** `processDependencyEnabled`. */
function processEnabled(c: Working, v: Values, path: string): void {
  if (c.requirements.length === 0) {
    return;
  }
  const kept: Working[] = c.dependencies.filter(
    (existing) => !c.requirements.some((req) => existing.name === req.name && isCompatibleRange(req.version, existing.chart.metadata.version)),
  );
  for (const req of c.requirements) {
    const match = c.dependencies.find((d) => d.name === req.name && isCompatibleRange(req.version, d.chart.metadata.version));
    if (match) {
      kept.push({ ...match, name: req.alias !== '' ? req.alias : match.name });
    }
    if (req.alias !== '') {
      req.effectiveName = req.alias;
    }
  }
  c.dependencies = kept;
  for (const req of c.requirements) {
    req.enabled = true;
  }
  const cvals = coalesceValues(c, v);
  processTags(c.requirements, cvals);
  processConditions(c.requirements, cvals, path);
  const removed = new Set(c.requirements.filter((r) => !r.enabled).map((r) => r.effectiveName));
  c.dependencies = c.dependencies.filter((d) => !removed.has(d.name));
  c.requirements = c.requirements.filter((r) => !removed.has(r.effectiveName));
  for (const dependency of c.dependencies) {
    processEnabled(dependency, cvals, `${path}${dependency.name}.`);
  }
}

function processTags(requirements: Working['requirements'], cvals: Values): void {
  const tags = cvals.tags;
  if (!isTable(tags)) {
    return;
  }
  for (const req of requirements) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of req.tags) {
      const value = tags[tag];
      if (value === true) {
        hasTrue = true;
      } else if (value === false) {
        hasFalse = true;
      }
    }
    if (!hasTrue && hasFalse) {
      req.enabled = false;
    } else if (hasTrue || (!hasTrue && !hasFalse)) {
      req.enabled = true;
    }
  }
}

function processConditions(requirements: Working['requirements'], cvals: Values, path: string): void {
  for (const req of requirements) {
    for (const condition of req.condition.trim().split(',')) {
      if (condition.length === 0) {
        continue;
      }
      const value = pathValue(cvals, `${path}${condition}`);
      if (typeof value === 'boolean') {
        req.enabled = value;
        break;
      }
    }
  }
}

/** `Values.PathValue`: a non-table value at a dotted path, or undefined. */
function pathValue(values: Values, path: string): unknown {
  const parts = path.split('.');
  let table: unknown = values;
  for (const part of parts.slice(0, -1)) {
    table = isTable(table) ? table[part] : undefined;
  }
  const last = parts[parts.length - 1] as string;
  if (!isTable(table) || !(last in table) || isTable(table[last])) {
    return undefined;
  }
  return table[last];
}

/**
 * `processDependencyImportValues` (merge mode): children first, then this chart. Like Helm,
 * every chart that still has dependencies gets its values rewritten to `MergeValues(chart)`,
 * which copies subchart defaults and the parent's globals into the parent's own values;
 * this decides, e.g., that a user's `global.x: null` does not remove the parent's default
 * from a subchart.
 */
function processImportValues(c: Working): void {
  for (const dependency of c.dependencies) {
    processImportValues(dependency);
  }
  if (c.requirements.length === 0) {
    return;
  }
  const cvals = mergeValues(c, {});
  let imported: Values = {};
  for (const req of c.requirements) {
    for (const entry of req.importValues) {
      const [child, parent] = typeof entry === 'string' ? [`exports.${entry}`, '.'] : [entry.child, entry.parent];
      const table = tableAt(cvals, `${req.effectiveName}.${child}`);
      if (table === undefined) {
        continue;
      }
      imported = mergeTables(imported, parent === '.' ? deepCopy(table) : pathToMap(parent, deepCopy(table)));
    }
  }
  c.values = mergeTables(cvals, imported);
}

function tableAt(values: Values, path: string): Values | undefined {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (part === '') {
      continue;
    }
    current = isTable(current) ? current[part] : undefined;
  }
  return isTable(current) ? current : undefined;
}

function pathToMap(path: string, data: Values): Values {
  const parts = path.split('.').filter((part) => part !== '');
  let out: Values = data;
  for (let i = parts.length - 1; i >= 0; i--) {
    out = { [parts[i] as string]: out };
  }
  return out;
}

function toResolved(c: Working, valuesPath: string[], fullPath: string): ResolvedChart {
  return {
    chart: c.chart,
    name: c.name,
    values: c.values,
    valuesPath,
    fullPath,
    dependencies: c.dependencies.map((d) => toResolved(d, [...valuesPath, d.name], `${fullPath}/charts/${d.name}`)),
  };
}
