/** The contract between the evaluator and template functions (Go builtins, Sprig, Helm). */
import type { PStr } from './provenance';
import type { TemplateErrorKind } from './types';
import type { Value } from './values';

/**
 * Go parameter types the evaluator checks and converts arguments to, with text/template's
 * messages: `string`, `int`, `float64`, `bool`, `map` (map[string]interface {}), or `any`.
 */
export type ParamType = 'any' | 'string' | 'int' | 'float64' | 'bool' | 'map';

export interface CallContext {
  /** Runs a named template (Helm's `include`). */
  include(name: string, data: Value): PStr;
  /** Parses and runs template text (Helm's `tpl`). */
  tpl(text: PStr, data: Value): PStr;
  /** Element `key` of a container read from the data, remembering values provenance. */
  element(container: Value, key: string | number): Value;
}

export interface TemplateFunction {
  params: ParamType[];
  /** Type of the trailing variadic parameters, if any. */
  variadic?: ParamType;
  /** Receives strings as `PStr` and values numbers as `Traced`; otherwise arguments are plain. */
  keepsProvenance?: boolean;
  call(args: Value[], ctx: CallContext): Value;
}

/** An error a function returns; the evaluator reports it as "error calling NAME: message". */
export class FunctionError extends Error {
  constructor(
    message: string,
    readonly kind: TemplateErrorKind = 'exec',
  ) {
    super(message);
  }
}

export type FunctionTable = ReadonlyMap<string, TemplateFunction>;

export function fn(params: ParamType[], call: (args: Value[], ctx: CallContext) => Value, variadic?: ParamType): TemplateFunction {
  return variadic === undefined ? { params, call } : { params, call, variadic };
}

/** A function that keeps provenance: it receives `PStr`/`Traced` arguments. */
export function pfn(params: ParamType[], call: (args: Value[], ctx: CallContext) => Value, variadic?: ParamType): TemplateFunction {
  return { ...fn(params, call, variadic), keepsProvenance: true };
}

/** A known Helm/Sprig function this engine does not evaluate: calling it is an 'unsupported' error. */
export function unsupported(name: string, why = 'not supported by this evaluator'): TemplateFunction {
  return {
    params: [],
    variadic: 'any',
    call: () => {
      throw new FunctionError(`function "${name}" is ${why}`, 'unsupported');
    },
  };
}
