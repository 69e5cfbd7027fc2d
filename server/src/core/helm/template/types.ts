/** Public data shapes of the template engine (see README.md in this folder). */

export interface TemplateSource {
  /** Helm's template name, e.g. "mychart/templates/deployment.yaml". */
  name: string;
  text: string;
}

export type Origin =
  /** A leaf reached from `.Values`; `offset` is the character offset inside the leaf's printed form. */
  | { kind: 'value'; path: (string | number)[]; offset?: number }
  /** Text copied from a template file at this offset. */
  | { kind: 'literal'; template: string; offset: number }
  /** Produced by a function that does not preserve characters. */
  | { kind: 'computed'; reason: string };

/** Offsets in the rendered output; a result's spans are sorted, non-overlapping and cover the output. */
export interface Span {
  start: number;
  end: number;
  origin: Origin;
}

export type TemplateErrorKind = 'parse' | 'exec' | 'unsupported' | 'fail' | 'limit';

export interface TemplateError {
  template: string;
  offset: number;
  message: string;
  kind: TemplateErrorKind;
}

export interface RenderResult {
  name: string;
  output: string;
  spans: Span[];
  error: TemplateError | null;
}

/** The top-level data Helm passes to every template (`.Values`, `.Chart`, …). */
export interface RenderData {
  Values: unknown;
  Chart: unknown;
  Release: unknown;
  Capabilities: unknown;
  Template: { Name: string; BasePath: string };
  /** `.Files.Get` reads from this map (path relative to the chart root → content). */
  Files?: Record<string, string>;
}

export interface RenderOptions {
  /** Nesting limit of `include`/`tpl`/`template` calls (Helm stops at 1000 nested calls of one name). */
  maxIncludeDepth?: number;
  /** Evaluation steps (actions, loop iterations, function calls) before a 'limit' error. */
  maxSteps?: number;
  /** Output characters of one render before a 'limit' error. */
  maxOutputLength?: number;
}
