/** Helm's own template functions (pkg/engine/funcs.go and engine.go). */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { PStr, computed, pstr, removeAll } from '../provenance';
import { isNil, plain } from '../values';

function asPStr(value: unknown, reason: string): PStr {
  return value instanceof PStr ? value : pstr(String(plain(value)), computed(reason));
}

export const helmFunctions: Record<string, TemplateFunction> = {
  include: pfn(['string', 'any'], ([name, data], ctx) => ctx.include(String(plain(name)), data)),
  // Helm renders tpl text as a whole template: "<no value>" is erased from its output.
  tpl: pfn(['string', 'any'], ([text, data], ctx) => removeAll(ctx.tpl(asPStr(text, 'tpl'), data), '<no value>')),
  required: pfn(['string', 'any'], ([message, value]) => {
    const v = plain(value);
    if (isNil(v) || v === '') {
      throw new FunctionError(String(plain(message)), 'fail');
    }
    return value;
  }),
  fail: fn(['string'], ([message]) => {
    throw new FunctionError(String(message), 'fail');
  }),
  // Without a cluster, Helm's lookup returns an empty map (helm template never connects).
  lookup: fn(['string', 'string', 'string', 'string'], () => ({})),
};
