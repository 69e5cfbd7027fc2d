/**
 * Go's fmt for the values templates handle: `%v` printing of maps, slices, floats (shortest
 * form, `1e+06` from exponent 6 on), Sprintf with flags, width and precision, Go's error
 * notation (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA …)`), and strconv.Quote.
 */
import type { Origin } from './types';
import { PStr, TextBuilder, Traced, computed } from './provenance';
import { GoObject, isMap, isNil, plain, sortedKeys, typeName } from './values';
import type { Value } from './values';

/** The exact decimal value of a finite non-negative double: digits × 10^(exp10). */
function exactDecimal(abs: number): { digits: string; pointAt: number } {
  if (abs === 0) {
    return { digits: '0', pointAt: 1 };
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent = biased - 1075;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
  }
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString();
    return { digits, pointAt: digits.length };
  }
  // m / 2^k = m·5^k / 10^k
  const scaled = (mantissa * 5n ** BigInt(-exponent)).toString();
  return { digits: scaled, pointAt: scaled.length + exponent };
}

/**
 * Rounds the exact decimal to `keep` digits (counted from the first digit of `digits`),
 * halves to even, as strconv does for an explicit precision.
 */
function roundExact(digits: string, pointAt: number, keep: number): { digits: string; pointAt: number } {
  if (keep >= digits.length) {
    return { digits: digits + '0'.repeat(keep - digits.length), pointAt };
  }
  if (keep < 0) {
    return { digits: '', pointAt };
  }
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const half = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1))) || (rest[0] === '5' && (kept === '' ? false : Number(kept[kept.length - 1]) % 2 === 1));
  if (!half) {
    return { digits: kept, pointAt };
  }
  const bumped = (BigInt(kept === '' ? '0' : kept) + 1n).toString().padStart(Math.max(kept.length, 1), '0');
  if (bumped.length > Math.max(kept.length, 1) || (kept === '' && bumped === '1')) {
    return { digits: kept === '' ? '1' : bumped.slice(0, kept.length), pointAt: pointAt + 1 };
  }
  return { digits: bumped, pointAt };
}

function fixedGo(abs: number, prec: number): string {
  const { digits, pointAt } = exactDecimal(abs);
  const rounded = roundExact(digits, pointAt, pointAt + prec);
  let all = rounded.digits;
  let point = rounded.pointAt;
  if (point <= 0) {
    all = '0'.repeat(1 - point) + all;
    point = 1;
  }
  all = all.padEnd(point + prec, '0');
  const intPart = all.slice(0, point).replace(/^0+(?=\d)/, '');
  return prec > 0 ? `${intPart}.${all.slice(point, point + prec)}` : intPart;
}

/** %e digits: `significant` digits rounded half-even, and the decimal exponent. */
function exponentDigits(abs: number, significant: number): { digits: string; exp: number } {
  if (abs === 0) {
    return { digits: '0'.repeat(significant), exp: 0 };
  }
  const exact = exactDecimal(abs);
  const firstNonZero = exact.digits.search(/[1-9]/);
  const digits = exact.digits.slice(firstNonZero);
  const pointAt = exact.pointAt - firstNonZero;
  const rounded = roundExact(digits, pointAt, significant);
  return { digits: rounded.digits.slice(0, significant), exp: rounded.pointAt - 1 };
}

function exponentGo(abs: number, prec: number): string {
  const { digits, exp } = exponentDigits(abs, prec + 1);
  const mantissa = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0];
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

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
    out = prec < 0 ? shortestFixed(abs) : fixedGo(abs, Math.min(prec, 1000));
  } else if (lower === 'e') {
    out = prec < 0 ? goExponent(abs.toExponential()) : exponentGo(abs, Math.min(prec, 1000));
  } else {
    // %g: digits first (shortest or `prec` significant), then the %e/%f decision.
    const shortest = prec < 0;
    const precision = prec === 0 ? 1 : Math.min(prec, 1000);
    let digits: string;
    let exp: number;
    if (shortest) {
      const [mantissa, exponentText] = abs.toExponential().split('e');
      digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
      exp = abs === 0 ? 0 : Number(exponentText);
    } else {
      const rounded = exponentDigits(abs, precision);
      digits = rounded.digits.replace(/0+$/, '') || '0';
      exp = abs === 0 ? 0 : rounded.exp;
    }
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

/** strconv.QuoteRune (`%q` of a rune): `'a'`, `'\\''`, `'"'`. */
export function goQuoteRune(rune: string): string {
  return "'" + goQuote(rune).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
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
      return goQuoteRune(String.fromCodePoint(Number(n)));
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
