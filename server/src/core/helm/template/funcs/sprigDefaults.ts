/** Sprig's defaults.go: default, empty, coalesce, ternary, … */
import type { TemplateFunction } from '../functions';
import { fn, pfn } from '../functions';
import { truth } from '../values';

export const sprigDefaults: Record<string, TemplateFunction> = {
  default: pfn(['any'], ([fallback, ...given]) => (given.length === 0 || !truth(given[0]) ? fallback : given[0]), 'any'),
  empty: fn(['any'], ([v]) => !truth(v)),
  coalesce: pfn([], (args) => args.find((arg) => truth(arg)) ?? null, 'any'),
  all: fn([], (args) => args.every((arg) => truth(arg)), 'any'),
  any: fn([], (args) => args.some((arg) => truth(arg)), 'any'),
  ternary: pfn(['any', 'any', 'bool'], ([whenTrue, whenFalse, condition]) => (condition ? whenTrue : whenFalse)),
};
