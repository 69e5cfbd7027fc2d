/**
 * One environment of a chart rendered: its `-f` files are read from the chart's own files
 * (values-prod.yaml, values/dev.yaml… sit in the chart folder) unless the environment
 * carries their texts, then its value flags (`--set`…) and release, then `renderChart`.
 */
import type { Chart } from './chart/loadChart';
import type { Environment } from './environments';
import type { ChartRendering, RenderRequest } from './render';
import { renderChart } from './render';

/** The text of one of the environment's values files (the chart's values.yaml for any other name). */
export function environmentFileText(chart: Chart, environment: Environment, file: string): string | undefined {
  return environment.valuesTexts?.[file] ?? chart.files[file];
}

/** What `renderChart` takes for an environment; `edited` replaces one values file's text (a pin being verified). */
export function environmentRequest(chart: Chart, environment: Environment, edited?: { file: string; text: string }): RenderRequest {
  const textOf = (file: string): string => (file === edited?.file ? edited.text : (environmentFileText(chart, environment, file) ?? ''));
  return {
    values: { ...environment.flags, files: environment.valuesFiles.map((file) => ({ file, text: textOf(file) })) },
    release: environment.release,
  };
}

export function renderEnvironment(chart: Chart, environment: Environment, request: Omit<RenderRequest, 'values' | 'release'> = {}): ChartRendering {
  return renderChart(chart, { ...request, ...environmentRequest(chart, environment) });
}
