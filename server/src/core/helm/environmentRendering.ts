/**
 * One environment of a chart rendered: its `-f` files are read from the chart's own files
 * (values-prod.yaml, values/dev.yaml… sit in the chart folder), then `renderChart`.
 */
import type { Chart } from './chart/loadChart';
import type { Environment } from './environments';
import type { ChartRendering, RenderRequest } from './render';
import { renderChart } from './render';

export function renderEnvironment(chart: Chart, environment: Environment, request: Omit<RenderRequest, 'values'> = {}): ChartRendering {
  const files = environment.valuesFiles.map((file) => ({ file, text: chart.files[file] ?? '' }));
  return renderChart(chart, { ...request, values: { files } });
}
