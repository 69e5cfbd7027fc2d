/**
 * The renderings of one chart, kept per environment between analyses, so an edit
 * renders again only what read the edited file: an environment values file
 * (`values-prod.yaml`) is read by its environment alone; any other file of the chart
 * (values.yaml, a template, a subchart) by every environment. Inputs are compared by
 * content, so whoever decides that the chart is stale (the project index) needs no
 * finer bookkeeping, and a reused rendering is exactly the one a fresh render gives.
 */
import type { Chart, ChartContainers, ChartFiles, ChartRendering, Environment } from '../helm';
import { chartContainers, loadChart, renderEnvironment } from '../helm';

export interface EnvironmentRendering {
  rendering: ChartRendering;
  containers: ChartContainers;
}

interface CachedEnvironment extends EnvironmentRendering {
  chart: Chart;
  /** The texts of the environment's `-f` files, its value flags (with `--set-file` texts) and release, and the policy context, it was rendered with. */
  inputs: string[];
}

export class HelmRenderCache {
  private shared: { texts: Map<string, string>; extra: string; chart: Chart } | null = null;
  private readonly environments = new Map<string, CachedEnvironment>();
  /** Environments rendered (not reused) so far: what tests and benches read. */
  renders = 0;

  /** The chart loaded from `files`, reused while every file but the environments' own values files is unchanged. */
  chart(files: ChartFiles, environments: readonly Environment[]): Chart {
    const ownFiles = environmentOnlyFiles(files, environments);
    const texts = new Map(Object.entries(files.files).filter(([file]) => !ownFiles.has(file)));
    const extra = JSON.stringify([files.archives ?? null, files.linked ?? null]);
    const previous = this.shared;
    if (previous && previous.extra === extra && sameTexts(previous.texts, texts)) {
      // The environment files are the chart's too (`.Files`): give the chart their current texts.
      const current = Object.fromEntries(Object.keys(previous.chart.files).map((file) => [file, files.files[file] ?? '']));
      return { ...previous.chart, files: current };
    }
    const chart = loadChart(files);
    this.shared = { texts, extra, chart };
    return chart;
  }

  /** The environment rendered with `chart` (from `chart()` of this cache), reused when its inputs are unchanged. */
  render(chart: Chart, environment: Environment, alwaysPullImagesAdmission: boolean): EnvironmentRendering {
    const given = JSON.stringify([environment.valuesTexts ?? null, environment.flags ?? null, environment.release ?? null]);
    const inputs = [String(alwaysPullImagesAdmission), given, ...environment.valuesFiles.flatMap((file) => [file, chart.files[file] ?? ''])];
    const cached = this.environments.get(environment.name);
    if (cached && cached.chart.templates === chart.templates && sameList(cached.inputs, inputs)) {
      return cached;
    }
    this.renders++;
    const rendering = renderEnvironment(chart, environment);
    const containers = rendering.fatal ? { containers: [], unknown: [] } : chartContainers(rendering, { alwaysPullImagesAdmission });
    this.environments.set(environment.name, { chart, inputs, rendering, containers });
    return { rendering, containers };
  }

  /** Drops environments that no longer exist. */
  keepOnly(environments: readonly Environment[]): void {
    const names = new Set(environments.map((environment) => environment.name));
    for (const name of this.environments.keys()) {
      if (!names.has(name)) {
        this.environments.delete(name);
      }
    }
  }
}

/**
 * Files only their own environment reads: its values files, unless a template may read
 * files through `.Files` (then every file is everyone's input).
 */
function environmentOnlyFiles(files: ChartFiles, environments: readonly Environment[]): Set<string> {
  const readsFiles = Object.entries(files.files).some(([file, text]) => /(^|\/)templates\//.test(file) && text.includes('.Files'));
  return new Set(readsFiles ? [] : environments.flatMap((environment) => environment.valuesFiles));
}

function sameTexts(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [file, text] of a) {
    if (b.get(file) !== text) {
      return false;
    }
  }
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
