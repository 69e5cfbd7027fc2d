/**
 * The values of one rendering, per chart: user values over defaults (Helm's
 * `ProcessDependenciesWithMerge` then `CoalesceValues`), then each subchart's scope
 * (`.Values.<name>` of its parent, as `engine.recAllTpls` hands it down).
 */
import type { MissingDependency, ResolvedChart } from '../chart/dependencies';
import { resolveDependencies } from '../chart/dependencies';
import type { Chart } from '../chart/loadChart';
import { coalesceValues } from './coalesce';
import type { Values } from './valueTypes';
import { isTable } from './valueTypes';

export interface ScopedChart {
  resolved: ResolvedChart;
  /** What the chart's templates see as `.Values`. */
  scoped: Values;
  /** The charts from the root down to this one. */
  chain: ResolvedChart[];
}

export interface ChartValues {
  root: ResolvedChart;
  /** The root first, then subcharts depth-first. */
  charts: ScopedChart[];
  missing: MissingDependency[];
  linked: MissingDependency[];
}

/** Throws with Helm's message when values cannot be coalesced (e.g. a subchart key that is not a map). */
export function computeChartValues(chart: Chart, userValues: Values): ChartValues {
  const { root, missing, linked } = resolveDependencies(chart, userValues);
  const values = coalesceValues(root, userValues);
  const charts: ScopedChart[] = [];
  const collect = (node: ResolvedChart, scoped: Values, chain: ResolvedChart[]): void => {
    charts.push({ resolved: node, scoped, chain });
    for (const child of node.dependencies) {
      const childValues = scoped[child.name];
      collect(child, isTable(childValues) ? childValues : {}, [...chain, child]);
    }
  };
  collect(root, values, [root]);
  return { root, charts, missing, linked };
}
