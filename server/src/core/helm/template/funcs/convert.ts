/** spf13/cast conversions as Sprig uses them (errors become zero values). */
import { FunctionError } from '../functions';
import { isNil, plain, typeName } from '../values';
import type { Value } from '../values';

/** Go's strconv.ParseInt(s, 0, 64); undefined when invalid. */
export function parseGoInt(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (match === null || /__|_$/.test(match[2]) || (match[2].includes('_') && !/^0/.test(match[2]))) {
    return undefined;
  }
  let digits = match[2].replace(/_/g, '');
  if (/^0[0-7]+$/.test(digits)) {
    digits = '0o' + digits.slice(1);
  }
  const value = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

/** cast's trimZeroDecimal: "10.00" → "10". */
function trimZeroDecimal(text: string): string {
  const match = /^(.*?)\.0+$/.exec(text);
  return match !== null && match[1] !== '' ? match[1] : text;
}

export function toInt64(value: Value): bigint {
  const v = plain(value);
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : -(2n ** 63n);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  }
  return 0n;
}

export function toFloat64(value: Value): number {
  const v = plain(value);
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const parsed = parseGoFloat(v);
      return parsed ?? 0;
    }
  }
  return 0;
}

/** strconv.ParseFloat(s, 64); undefined when invalid. */
export function parseGoFloat(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(clean)) {
    return clean.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^[+-]?nan$/i.test(clean)) {
    return NaN;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean) && !/^[+-]?0[xX]/.test(clean)) {
    return undefined;
  }
  const parsed = Number(clean);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Wraps like Go's int64 arithmetic. */
export function int64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

export function requireSlice(value: Value, what: string): Value[] {
  const v = plain(value);
  if (Array.isArray(v)) {
    return v;
  }
  if (isNil(v)) {
    throw new FunctionError('runtime error: invalid memory address or nil pointer dereference');
  }
  throw new FunctionError(`${what} ${kindName(v)}`);
}

/** reflect.Kind names as Sprig's error messages print them. */
export function kindName(value: Value): string {
  const type = typeName(value);
  return type === 'map[string]interface {}' ? 'map' : type.startsWith('[]') ? 'slice' : type;
}
