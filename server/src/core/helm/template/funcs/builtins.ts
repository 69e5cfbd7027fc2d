/** Go text/template's predefined functions (text/template/funcs.go); `and`/`or` live in the evaluator. */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { formatValue, sprintf } from '../goFormat';
import { PStr, TextBuilder, Traced, computed, pstr } from '../provenance';
import { GoObject, isMap, isNil, isString, kindOf, plain, truth, typeName } from '../values';
import type { Value } from '../values';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: Value): BasicKind {
  const kind = kindOf(v);
  switch (kind) {
    case 'invalid':
    case 'int':
    case 'string':
    case 'bool':
      return kind;
    case 'float64':
      return 'float';
    default:
      return 'other';
  }
}

/** Go's eq: arg1 equals any of the others; different basic kinds are an error. */
export function goEq(arg1: Value, others: readonly Value[]): boolean {
  const a = plain(arg1);
  if (others.length === 0) {
    throw new FunctionError('missing argument for comparison');
  }
  const k1 = basicKind(a);
  for (const other of others) {
    const b = plain(other);
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') {
        throw new FunctionError('incompatible types for comparison');
      }
      continue;
    }
    if (k1 === 'other') {
      if (Array.isArray(a) || Array.isArray(b) || isMap(a) || isMap(b)) {
        throw new FunctionError(`non-comparable type ${formatValue(b)}: ${typeName(b)}`);
      }
      if (a === b) {
        return true;
      }
    } else if (k1 === 'invalid' || a === b) {
      return true;
    }
  }
  return false;
}

function goLess(arg1: Value, arg2: Value): boolean {
  const a = plain(arg1);
  const b = plain(arg2);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'bool' || k1 === 'invalid' || k1 === 'other' || k2 === 'bool' || k2 === 'invalid' || k2 === 'other') {
    throw new FunctionError('invalid type for comparison');
  }
  if (k1 !== k2) {
    throw new FunctionError('incompatible types for comparison');
  }
  return (a as number | bigint | string) < (b as number | bigint | string);
}

function goLen(value: Value): bigint {
  const v = plain(value);
  if (isNil(v)) {
    throw new FunctionError('len of nil pointer');
  }
  if (typeof v === 'string') {
    return BigInt(new TextEncoder().encode(v).length);
  }
  if (Array.isArray(v)) {
    return BigInt(v.length);
  }
  if (isMap(v)) {
    return BigInt(Object.keys(v).length);
  }
  throw new FunctionError(`len of type ${typeName(v)}`);
}

function indexArg(index: Value, length: number): number {
  const i = plain(index);
  if (typeof i !== 'bigint') {
    throw new FunctionError(isNil(i) ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${typeName(i)}`);
  }
  if (i < 0n || i >= BigInt(length)) {
    throw new FunctionError(`index out of range: ${i}`);
  }
  return Number(i);
}

/** Go's Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly Value[], separator: 'auto' | 'always'): PStr {
  const out = new TextBuilder();
  args.forEach((arg, i) => {
    if (i > 0 && (separator === 'always' || (!isString(plain(arg)) && !isString(plain(args[i - 1]))))) {
      out.append(' ', computed('print'));
    }
    appendFormatted(out, arg);
  });
  return out.build();
}

/** Appends `%v` of a value, keeping the origin of strings and values leaves. */
function appendFormatted(out: TextBuilder, arg: Value): void {
  if (arg instanceof PStr) {
    out.appendP(arg);
  } else if (arg instanceof Traced) {
    out.append(formatValue(arg.value), arg.origin);
  } else {
    out.append(formatValue(arg), computed('print'));
  }
}

/** text/template's evalArgs: one string argument as is, otherwise fmt.Sprint of all. */
function escapeInput(args: readonly Value[]): string {
  return args.length === 1 && isString(plain(args[0])) ? String(plain(args[0])) : sprint(args, 'auto').text;
}

const HTML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' };
const JS_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (JS_ESCAPES[ch] !== undefined) {
      out += JS_ESCAPES[ch];
    } else if (code < 0x20 || (code >= 0x7f && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch))) {
      out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  return [...new TextEncoder().encode(s)]
    .map((b) => {
      const ch = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(ch)) {
        return ch;
      }
      return b === 0x20 ? '+' : '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

export const builtins: Record<string, TemplateFunction> = {
  html: pfn([], (args) => escapeInput(args).replace(/[<>&'"\0]/g, (ch) => HTML_ESCAPES[ch]), 'any'),
  js: pfn([], (args) => jsEscape(escapeInput(args)), 'any'),
  urlquery: pfn([], (args) => queryEscape(escapeInput(args)), 'any'),
  not: fn(['any'], ([v]) => !truth(v)),
  len: fn(['any'], ([v]) => goLen(v)),
  index: pfn(
    ['any'],
    ([item, ...indexes], ctx) => {
      let current: Value = item;
      if (isNil(plain(current))) {
        throw new FunctionError('index of untyped nil');
      }
      for (const index of indexes) {
        const c = plain(current);
        if (isNil(c)) {
          throw new FunctionError('index of nil pointer');
        }
        if (Array.isArray(c)) {
          current = ctx.element(current, indexArg(index, c.length));
        } else if (typeof c === 'string') {
          current = BigInt(new TextEncoder().encode(c)[indexArg(index, new TextEncoder().encode(c).length)]);
        } else if (isMap(c)) {
          const key = plain(index);
          if (isNil(key)) {
            throw new FunctionError('value is nil; should be of type string');
          }
          if (typeof key !== 'string') {
            throw new FunctionError(`value has type ${typeName(key)}; should be string`);
          }
          current = ctx.element(current, key);
        } else {
          throw new FunctionError(`can't index item of type ${typeName(c)}`);
        }
      }
      return current;
    },
    'any',
  ),
  slice: fn(
    ['any'],
    ([item, ...indexes]) => {
      if (isNil(item)) {
        throw new FunctionError('slice of untyped nil');
      }
      if (indexes.length > 3) {
        throw new FunctionError(`too many slice indexes: ${indexes.length}`);
      }
      const isStr = typeof item === 'string';
      if (!isStr && !Array.isArray(item)) {
        throw new FunctionError(`can't slice item of type ${typeName(item)}`);
      }
      if (isStr && indexes.length === 3) {
        throw new FunctionError('cannot 3-index slice a string');
      }
      const length = isStr ? (item as string).length : (item as Value[]).length;
      const bounds = [0, length];
      indexes.slice(0, 2).forEach((index, i) => {
        bounds[i] = indexArg(index, length + 1);
      });
      if (bounds[0] > bounds[1]) {
        throw new FunctionError(`invalid slice index: ${bounds[0]} > ${bounds[1]}`);
      }
      return isStr ? (item as string).slice(bounds[0], bounds[1]) : (item as Value[]).slice(bounds[0], bounds[1]);
    },
    'any',
  ),
  print: pfn([], (args) => sprint(args, 'auto'), 'any'),
  println: pfn(
    [],
    (args) => {
      const out = new TextBuilder();
      out.appendP(sprint(args, 'always'));
      out.append('\n', computed('println'));
      return out.build();
    },
    'any',
  ),
  printf: pfn(['string'], ([format, ...args]) => sprintf(format instanceof PStr ? format : pstr(String(format), computed('printf')), args), 'any'),
  eq: fn(['any'], ([a, ...others]) => goEq(a, others), 'any'),
  ne: fn(['any', 'any'], ([a, b]) => !goEq(a, [b])),
  lt: fn(['any', 'any'], ([a, b]) => goLess(a, b)),
  le: fn(['any', 'any'], ([a, b]) => goLess(a, b) || goEq(a, [b])),
  gt: fn(['any', 'any'], ([a, b]) => !goLess(a, b) && !goEq(a, [b])),
  ge: fn(['any', 'any'], ([a, b]) => !goLess(a, b)),
  call: fn(['any'], ([f]) => {
    throw new FunctionError(f instanceof GoObject ? 'call is not supported' : `non-function ${formatValue(f)} of type ${typeName(f)}`);
  }, 'any'),
};
