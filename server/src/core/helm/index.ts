/** Helm charts: load, layer values, render like `helm template`, locate containers with provenance. See README.md. */
export type { ChartFiles, Chart, TemplateFile } from './chart/loadChart';
export { loadChart } from './chart/loadChart';
export type { ChartDependency, ChartMetadata } from './chart/chartMetadata';
export type { MissingDependency, ResolvedChart } from './chart/dependencies';
export type { Environment, EnvironmentOptions, ExplicitRendering } from './environments';
export { EXPLICIT_ENVIRONMENT, discoverEnvironments, explicitEnvironment } from './environments';
export type { ChartRendering, RenderedTemplate, RenderRequest } from './render';
export { renderChart } from './render';
export { environmentFileText, environmentRequest, renderEnvironment } from './environmentRendering';
export type { ReleaseOptions } from './renderData';
export type { ChartContainers, HelmContainer, ProvenancePart, UnknownImage } from './containers';
export { chartContainers } from './containers';
export type { ValueOrigin, ValueSource } from './values/provenance';
export type { ValueLocation, ValuesFile } from './values/valuesFile';
export type { UserValuesInput, ValueFlags } from './values/userValues';
export type { ValuePath, Values } from './values/valueTypes';
