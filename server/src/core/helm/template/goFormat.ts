/**
 * Go's fmt for the values templates handle: `%v` printing of maps, slices, floats (shortest
 * form, `1e+06` from exponent 6 on), Sprintf with flags, width and precision, Go's error
 * notation (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA …)`), and strconv.Quote.
 */
import type { Origin } from './types';
import { PStr, TextBuilder, Traced, computed } from './provenance';
import { GoObject, isMap, isNil, plain, sortedKeys, typeName } from './values';
import type { Value } from './values';

/** strconv.FormatFloat(v, 'g'|'e'|'f', prec, 64); prec -1 is the shortest form. */
export function formatFloat(v: number, verb: 'g' | 'e' | 'f' | 'G' | 'E' | 'F', prec: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '+Inf' : '-Inf';
  }
  const neg = v < 0 || Object.is(v, -0);
  const abs = Math.abs(v);
  const sign = neg ? '-' : '';
  const lower = verb.toLowerCase();
  const upper = verb !== lower;
  let out: string;
  if (lower === 'f') {
    out = prec < 0 ? shortestFixed(abs) : abs.toFixed(Math.min(prec, 100));
  } else if (lower === 'e') {
    out = goExponent(prec < 0 ? abs.toExponential() : abs.toExponential(Math.min(prec, 100)));
  } else {
    // %g: digits first (shortest or `prec` significant), then the %e/%f decision.
    const shortest = prec < 0;
    const precision = prec === 0 ? 1 : prec;
    const exponential = shortest ? abs.toExponential() : abs.toExponential(Math.min(precision, 100) - 1);
    const [mantissa, exponentText] = exponential.split('e');
    const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
    const exp = abs === 0 ? 0 : Number(exponentText);
    let eprec = shortest ? 6 : precision;
    if (!shortest && eprec > digits.length && digits.length >= exp + 1) {
      eprec = digits.length;
    }
    if (exp < -4 || exp >= eprec) {
      out = goExponent(`${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp >= 0 ? '+' : ''}${exp}`);
    } else {
      out = placeDecimalPoint(digits, exp);
    }
  }
  return sign + (upper ? out.toUpperCase() : out);
}

function shortestFixed(abs: number): string {
  const [mantissa, exponentText] = abs.toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  return placeDecimalPoint(digits, abs === 0 ? 0 : Number(exponentText));
}

function placeDecimalPoint(digits: string, exp: number): string {
  if (exp < 0) {
    return '0.' + '0'.repeat(-exp - 1) + digits;
  }
  if (digits.length <= exp + 1) {
    return digits + '0'.repeat(exp + 1 - digits.length);
  }
  return digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

/** JS "1.5e+6" → Go "1.5e+06". */
function goExponent(js: string): string {
  return js.replace(/e([+-])(\d)$/, 'e$10$2');
}

const NON_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (!NON_PRINTABLE.test(ch)) {
      out += ch;
    } else if (ch === '\x07') {
      out += '\\a';
    } else if (ch === '\b') {
      out += '\\b';
    } else if (ch === '\f') {
      out += '\\f';
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (ch === '\v') {
      out += '\\v';
    } else if (code < 0x80) {
      out += '\\x' + code.toString(16).padStart(2, '0');
    } else if (code === 0xfffd) {
      out += ch;
    } else if (code < 0x10000) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + code.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

/** fmt's %v. */
export function formatValue(value: Value): string {
  return formatVerb(value, 'v', {});
}

interface Flags {
  plus?: boolean;
  minus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  width?: number;
  precision?: number;
}

function badVerb(verb: string, value: Value): string {
  const v = plain(value);
  if (isNil(v)) {
    return `%!${verb}(<nil>)`;
  }
  return `%!${verb}(${typeName(v)}=${formatVerb(v, 'v', {})})`;
}

function formatVerb(value: Value, verb: string, flags: Flags): string {
  const v = plain(value);
  if (verb === 'T') {
    return typeName(v);
  }
  if (isNil(v)) {
    return verb === 'v' ? '<nil>' : badVerb(verb, v);
  }
  if (Array.isArray(v)) {
    return '[' + v.map((item) => formatVerb(item, verb, flags)).join(' ') + ']';
  }
  if (v instanceof GoObject) {
    return v.stringer !== undefined ? v.stringer() : '{' + Object.keys(v.fields).map((key) => formatVerb(v.fields[key], verb, flags)).join(' ') + '}';
  }
  if (isMap(v)) {
    return 'map[' + sortedKeys(v).map((key) => `${formatVerb(key, verb, flags)}:${formatVerb(v[key], verb, flags)}`).join(' ') + ']';
  }
  switch (typeof v) {
    case 'string':
      return formatString(v, verb, flags);
    case 'boolean':
      return verb === 'v' || verb === 't' ? String(v) : badVerb(verb, v);
    case 'bigint':
      return formatInt(v, verb, flags);
    case 'number':
      return formatFloatVerb(v, verb, flags);
  }
  return String(v);
}

function formatString(s: string, verb: string, flags: Flags): string {
  const truncated = flags.precision !== undefined ? [...s].slice(0, flags.precision).join('') : s;
  switch (verb) {
    case 'v':
    case 's':
      return truncated;
    case 'q':
      return flags.sharp && !truncated.includes('`') ? '`' + truncated + '`' : goQuote(truncated);
    case 'x':
    case 'X': {
      const hex = [...new TextEncoder().encode(truncated)].map((b) => b.toString(16).padStart(2, '0')).join(flags.space ? ' ' : '');
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return badVerb(verb, s);
  }
}

function formatInt(n: bigint, verb: string, flags: Flags): string {
  const sign = n < 0n ? '-' : flags.plus ? '+' : flags.space ? ' ' : '';
  const abs = n < 0n ? -n : n;
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString();
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
      digits = (flags.sharp ? '0' : '') + abs.toString(8);
      break;
    case 'O':
      digits = '0o' + abs.toString(8);
      break;
    case 'x':
      digits = (flags.sharp ? '0x' : '') + abs.toString(16);
      break;
    case 'X':
      digits = (flags.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
      break;
    case 'c':
      return String.fromCodePoint(Number(n));
    case 'q':
      return "'" + goQuote(String.fromCodePoint(Number(n))).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
    case 'U':
      return 'U+' + abs.toString(16).toUpperCase().padStart(4, '0');
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return badVerb(verb, n);
    default:
      return badVerb(verb, n);
  }
  if (flags.precision !== undefined && digits.length < flags.precision) {
    digits = '0'.repeat(flags.precision - digits.length) + digits;
  } else if (flags.zero && !flags.minus && flags.width !== undefined && flags.precision === undefined) {
    const width = flags.width - sign.length;
    if (digits.length < width) {
      digits = '0'.repeat(width - digits.length) + digits;
    }
  }
  return sign + digits;
}

function formatFloatVerb(x: number, verb: string, flags: Flags): string {
  let out: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      out = formatFloat(x, verb === 'G' ? 'G' : 'g', flags.precision ?? -1);
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      out = formatFloat(x, verb, flags.precision ?? 6);
      break;
    default:
      return badVerb(verb, x);
  }
  if ((flags.plus || flags.space) && !out.startsWith('-')) {
    out = (flags.plus ? '+' : ' ') + out;
  }
  if (flags.zero && !flags.minus && flags.width !== undefined && out.length < flags.width && Number.isFinite(x)) {
    const signLength = /^[+\- ]/.test(out) ? 1 : 0;
    out = out.slice(0, signLength) + '0'.repeat(flags.width - out.length) + out.slice(signLength);
  }
  return out;
}

function pad(text: string, flags: Flags): string {
  const width = flags.width ?? 0;
  const length = [...text].length;
  if (length >= width) {
    return text;
  }
  const fill = ' '.repeat(width - length);
  return flags.minus ? text + fill : fill + text;
}

const PRINTF: Origin = computed('printf');

/** fmt.Sprintf with provenance: format text and `%s`/`%v` of strings and values keep their origins. */
export function sprintf(format: PStr, args: readonly Value[]): PStr {
  const text = format.text;
  const out = new TextBuilder();
  let argIndex = 0;
  let literalStart = 0;
  let i = 0;
  const nextArg = (): { present: boolean; value?: Value } => (argIndex < args.length ? { present: true, value: args[argIndex++] } : { present: false });
  while (i < text.length) {
    if (text[i] !== '%') {
      i++;
      continue;
    }
    out.appendSlice(format, literalStart, i);
    i++;
    const flags: Flags = {};
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '+') {
        flags.plus = true;
      } else if (c === '-') {
        flags.minus = true;
      } else if (c === '#') {
        flags.sharp = true;
      } else if (c === ' ') {
        flags.space = true;
      } else if (c === '0') {
        flags.zero = true;
      } else {
        break;
      }
    }
    const readNumber = (): number | undefined => {
      if (text[i] === '*') {
        i++;
        const arg = nextArg();
        const n = plain(arg.value);
        return typeof n === 'bigint' ? Number(n) : undefined;
      }
      const start = i;
      while (i < text.length && text[i] >= '0' && text[i] <= '9') {
        i++;
      }
      return i > start ? Number(text.slice(start, i)) : undefined;
    };
    flags.width = readNumber();
    if (flags.width !== undefined && flags.width < 0) {
      flags.minus = true;
      flags.width = -flags.width;
    }
    if (text[i] === '.') {
      i++;
      flags.precision = readNumber() ?? 0;
    }
    if (i >= text.length) {
      out.append('%!(NOVERB)', PRINTF);
      literalStart = i;
      break;
    }
    const verb = String.fromCodePoint(text.codePointAt(i) ?? 0);
    i += verb.length;
    literalStart = i;
    if (verb === '%') {
      out.appendSlice(format, i - 1, i);
      continue;
    }
    const arg = nextArg();
    if (!arg.present) {
      out.append(`%!${verb}(MISSING)`, PRINTF);
      continue;
    }
    const value = arg.value;
    const formatted = pad(formatVerb(value, verb, flags), flags);
    if (value instanceof PStr && (verb === 's' || verb === 'v') && formatted === value.text) {
      out.appendP(value);
    } else if (value instanceof Traced && formatted === formatValue(value)) {
      out.append(formatted, value.origin);
    } else {
      out.append(formatted, PRINTF);
    }
  }
  out.appendSlice(format, literalStart, text.length);
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((arg) => (isNil(plain(arg)) ? '<nil>' : `${typeName(arg)}=${formatValue(arg)}`));
    out.append(`%!(EXTRA ${extra.join(', ')})`, PRINTF);
  }
  return out.build();
}
