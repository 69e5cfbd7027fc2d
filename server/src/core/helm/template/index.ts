/** Go text/template with Helm's and Sprig's functions, in pure TypeScript, with provenance. See README.md. */
export type { Origin, RenderData, RenderOptions, RenderResult, Span, TemplateError, TemplateErrorKind, TemplateSource } from './types';
export { TemplateSet } from './templateSet';
export { GoObject } from './values';
export { apiVersionSet, filesObject, kubeVersion } from './helmObjects';
