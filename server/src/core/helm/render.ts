/**
 * Renders a chart like `helm template` (Helm's `action.Install` in client-only mode and
 * `engine.Render`): user values over chart defaults, dependencies processed, every
 * template of every enabled chart rendered with its chart's scoped `.Values`, including
 * hooks and test pods; partials (`_*`), NOTES.txt and library charts are not rendered.
 * Unlike Helm, a broken template or a missing dependency does not stop the others.
 */
import type { MissingDependency, ResolvedChart } from './chart/dependencies';
import type { Chart } from './chart/loadChart';
import { isCompatibleRange } from './chart/semverRange';
import { capabilitiesObject, chartObject, releaseObject } from './renderData';
import type { ReleaseOptions } from './renderData';
import type { RenderData, RenderResult, Span, TemplateError, TemplateSource } from './template';
import { TemplateSet } from './template';
import type { ChartValues, ScopedChart } from './values/chartValues';
import { computeChartValues } from './values/chartValues';
import { ValueProvenance } from './values/provenance';
import type { UserValues, UserValuesInput } from './values/userValues';
import { buildUserValues } from './values/userValues';
import type { Values } from './values/valueTypes';

export interface RenderRequest {
  /** `--values` files and `--set-file` files (texts given by the adapter), `--set`, `--set-json`…. */
  values?: UserValuesInput;
  release?: ReleaseOptions;
  /** `--kube-version` (default: the helm binary's, v1.35.0). */
  kubeVersion?: string;
  /** `--api-versions`, added to the built-in set. */
  apiVersions?: readonly string[];
}

export interface RenderedTemplate {
  /** Helm's template name: `wordpress/charts/mariadb/templates/primary/statefulset.yaml`. */
  template: string;
  /** The file relative to the root chart folder: `charts/mariadb/templates/primary/statefulset.yaml`. */
  file: string;
  chart: ResolvedChart;
  output: string;
  spans: Span[];
  error: TemplateError | null;
  /** Names this template includes that no loaded template defines (they may live in a missing dependency). */
  undefinedIncludes: string[];
}

export interface ChartRendering {
  /** Why nothing could be rendered (bad Chart.yaml or values, library chart, kubeVersion), or null. */
  fatal: string | null;
  templates: RenderedTemplate[];
  /** Dependencies listed in a Chart.yaml but not vendored under charts/. */
  missing: MissingDependency[];
  /** `file://` dependencies not in charts/ but rendered from their folder (`helm template` would stop; say so on Chart.yaml). */
  linked: MissingDependency[];
  /** Templates that do not parse (their defines are missing for everyone). */
  parseErrors: TemplateError[];
  provenance: ValueProvenance;
  userValues: UserValues;
  /** The values each rendered chart saw as `.Values`, by fullPath. */
  scopedValues: ReadonlyMap<string, Values>;
  /** Every template given to the engine (partials too): Helm name → root-relative file and text. */
  sources: ReadonlyMap<string, { file: string; text: string }>;
}

export function renderChart(chart: Chart, request: RenderRequest = {}): ChartRendering {
  const userValues = buildUserValues(request.values ?? { files: [] });
  const empty = (fatal: string, missing: MissingDependency[] = []): ChartRendering => ({
    fatal,
    templates: [],
    missing,
    linked: [],
    parseErrors: [],
    provenance: new ValueProvenance(userValues, new Map()),
    userValues,
    scopedValues: new Map(),
    sources: new Map(),
  });
  if (chart.error) {
    return empty(chart.error);
  }
  if (userValues.error) {
    return empty(userValues.error);
  }
  if (chart.metadata.type === 'library') {
    return empty('library charts are not installable');
  }
  const capabilities = capabilitiesObject(request.kubeVersion, request.apiVersions);
  const kubeVersion = capabilities.kubeVersion;
  if (chart.metadata.kubeVersion !== '' && !isCompatibleRange(chart.metadata.kubeVersion, kubeVersion)) {
    return empty(`chart requires kubeVersion: ${chart.metadata.kubeVersion} which is incompatible with Kubernetes ${kubeVersion}`);
  }
  let chartValues: ChartValues;
  try {
    chartValues = computeChartValues(chart, userValues.values);
  } catch (error) {
    return empty((error as Error).message);
  }
  const release = releaseObject(request.release);
  const entries = chartValues.charts;

  const sources: TemplateSource[] = [];
  const byName = new Map<string, { entry: ScopedChart; file: string; text: string }>();
  for (const entry of entries) {
    const library = entry.resolved.chart.metadata.type === 'library';
    for (const template of entry.resolved.chart.templates) {
      const base = template.path.split('/').pop() as string;
      if (library && !base.startsWith('_')) {
        continue;
      }
      const name = `${entry.resolved.fullPath}/${template.path}`;
      sources.push({ name, text: template.text });
      const location = entry.resolved.chart.location;
      byName.set(name, { entry, file: location === '' ? template.path : `${location}/${template.path}`, text: template.text });
    }
  }
  // Helm parses deeper paths first, then reverse-lexicographic, so a parent's defines win.
  sources.sort((a, b) => compareTemplateOrder(a.name, b.name));
  const set = new TemplateSet(sources);
  const templates: RenderedTemplate[] = [];
  const defined = new Set(set.names());
  const chartObjects = new Map<string, unknown>();
  // Executed in Helm's order too: templates may change the values later templates see (`set`, `mergeOverwrite`).
  for (const source of sources) {
    const base = source.name.split('/').pop() as string;
    if (base.startsWith('_') || base === 'NOTES.txt') {
      continue;
    }
    const { entry, file } = byName.get(source.name) as { entry: ScopedChart; file: string; text: string };
    const fullPath = entry.resolved.fullPath;
    let chartData = chartObjects.get(fullPath);
    if (chartData === undefined) {
      chartData = chartObject(entry.resolved.chart.metadata, entry.resolved.name, entry.chain.length === 1);
      chartObjects.set(fullPath, chartData);
    }
    const data: RenderData = {
      Values: entry.scoped,
      Chart: chartData,
      Release: release,
      Capabilities: capabilities.object,
      Template: { Name: source.name, BasePath: `${fullPath}/templates` },
      Files: entry.resolved.chart.files,
    };
    const result = renderGuarded(set, source.name, data);
    const undefinedIncludes = result.error ? [...source.text.matchAll(INCLUDE)].map((m) => m[1] as string).filter((name) => !defined.has(name)) : [];
    templates.push({ template: source.name, file, chart: entry.resolved, output: result.output, spans: result.spans, error: result.error, undefinedIncludes });
  }
  templates.sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
  return {
    fatal: null,
    templates,
    missing: chartValues.missing,
    linked: chartValues.linked,
    parseErrors: set.parseErrors,
    provenance: new ValueProvenance(userValues, new Map(entries.map((entry) => [entry.resolved.fullPath, entry.chain]))),
    userValues,
    scopedValues: new Map(entries.map((entry) => [entry.resolved.fullPath, entry.scoped])),
    sources: new Map([...byName].map(([name, { file, text }]) => [name, { file, text }])),
  };
}

/** The engine reports template errors itself; anything it throws is an engine bug, shown as this template's error. */
function renderGuarded(set: TemplateSet, name: string, data: RenderData): RenderResult {
  try {
    return set.render(name, data);
  } catch (error) {
    return { name, output: '', spans: [], error: { template: name, offset: 0, message: `internal error of the template engine: ${(error as Error).message}`, kind: 'exec' } };
  }
}

const INCLUDE = /\b(?:include|template)\s+"([^"]+)"/g;

/** Helm's `sortTemplates`: more `/` first; equal depth in reverse lexicographic order. */
function compareTemplateOrder(a: string, b: string): number {
  const depth = (name: string): number => name.split('/').length;
  if (depth(a) !== depth(b)) {
    return depth(b) - depth(a);
  }
  return a < b ? 1 : a > b ? -1 : 0;
}
