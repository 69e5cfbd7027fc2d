/** Sprig's strval/strslice: how Sprig turns any value into text, keeping provenance. */
import type { CallContext } from '../functions';
import { formatValue } from '../goFormat';
import { PStr, Traced, computed, pstr } from '../provenance';
import { isNil, plain } from '../values';
import type { Value } from '../values';

export function strval(value: Value): PStr {
  if (value instanceof PStr) {
    return value;
  }
  if (value instanceof Traced) {
    return pstr(formatValue(value.value), value.origin);
  }
  return pstr(formatValue(value), computed(typeof value === 'string' ? 'string' : 'formatted value'));
}

/** Sprig's strslice: a slice's non-nil elements as strings, nil as empty, anything else as one string. */
export function strslice(value: Value, ctx: CallContext): PStr[] {
  const v = plain(value);
  if (Array.isArray(v)) {
    return v.map((_, i) => ctx.element(v, i)).filter((item) => !isNil(plain(item))).map(strval);
  }
  return isNil(v) ? [] : [strval(value)];
}
