/** Sprig's string functions (strings.go and the string entries of functions.go). */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { goQuote } from '../goFormat';
import { PStr, TextBuilder, computed, pstr, slicePStr } from '../provenance';
import { isNil, newMap, plain } from '../values';
import type { Value } from '../values';
import { strslice, strval } from './strval';

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

function p(value: Value): PStr {
  return value instanceof PStr ? value : pstr(String(value), computed('string'));
}

/** strings.Trim/TrimLeft/TrimRight by a predicate, keeping provenance. */
function trimBy(value: PStr, cut: (ch: string) => boolean, left: boolean, right: boolean): PStr {
  const text = value.text;
  let start = 0;
  let end = text.length;
  while (left && start < end) {
    const ch = String.fromCodePoint(text.codePointAt(start) ?? 0);
    if (!cut(ch)) {
      break;
    }
    start += ch.length;
  }
  while (right && end > start) {
    const code = text.charCodeAt(end - 1);
    const width = code >= 0xdc00 && code < 0xe000 && end - 2 >= start ? 2 : 1;
    if (!cut(text.slice(end - width, end))) {
      break;
    }
    end -= width;
  }
  return slicePStr(value, start, end);
}

/** strings.ReplaceAll with provenance: unchanged parts keep theirs, replacements bring theirs. */
export function replaceAll(source: PStr, old: string, replacement: PStr): PStr {
  const text = source.text;
  const out = new TextBuilder();
  if (old.length === 0) {
    // Go inserts the replacement before every rune and at the end.
    let i = 0;
    for (const ch of text) {
      out.appendP(replacement);
      out.appendSlice(source, i, i + ch.length);
      i += ch.length;
    }
    out.appendP(replacement);
    return out.build();
  }
  let from = 0;
  let at = text.indexOf(old);
  if (at < 0) {
    return source;
  }
  while (at >= 0) {
    out.appendSlice(source, from, at);
    out.appendP(replacement);
    from = at + old.length;
    at = text.indexOf(old, from);
  }
  out.appendSlice(source, from, text.length);
  return out.build();
}

function indent(spaces: bigint, value: PStr, leadingNewline: boolean): PStr {
  const pad = pstr(' '.repeat(Math.max(0, Number(spaces))), computed('indent'));
  const out = new TextBuilder();
  if (leadingNewline) {
    out.append('\n', computed('nindent'));
  }
  out.appendP(pad);
  out.appendP(replaceAll(value, '\n', concat([pstr('\n', computed('indent')), pad])));
  return out.build();
}

function concat(parts: PStr[], separator?: PStr): PStr {
  const out = new TextBuilder();
  parts.forEach((part, i) => {
    if (i > 0 && separator !== undefined) {
      out.appendP(separator);
    }
    out.appendP(part);
  });
  return out.build();
}

/** Go's strings.Title word boundaries. */
function isSeparator(ch: string): boolean {
  if (/^[A-Za-z0-9_]$/.test(ch)) {
    return false;
  }
  if (ch.charCodeAt(0) < 0x80) {
    return true;
  }
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) {
    return false;
  }
  return isGoSpace(ch);
}

function mapWords(s: string, first: (ch: string) => string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? first(ch) : ch;
    prev = ch;
  }
  return out;
}

/** Go's strings.SplitN (n < 0: all parts). */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) {
    return [];
  }
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) {
      return chars;
    }
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) {
    return parts;
  }
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function indexedMap(parts: string[]): Record<string, Value> {
  const map = newMap();
  parts.forEach((part, i) => {
    map[`_${i}`] = part;
  });
  return map;
}

function quoteEach(args: Value[], quote: (s: PStr) => PStr): PStr {
  return concat(
    args.filter((arg) => !isNil(plain(arg))).map((arg) => quote(strval(arg))),
    pstr(' ', computed('quote')),
  );
}

export const sprigStrings: Record<string, TemplateFunction> = {
  upper: fn(['string'], ([s]) => (s as string).toUpperCase()),
  lower: fn(['string'], ([s]) => (s as string).toLowerCase()),
  title: fn(['string'], ([s]) => mapWords(s as string, (ch) => ch.toUpperCase())),
  untitle: fn(['string'], ([s]) => mapWords(s as string, (ch) => ch.toLowerCase())),
  trim: pfn(['string'], ([s]) => trimBy(p(s), isGoSpace, true, true)),
  trimAll: pfn(['string', 'string'], ([cutset, s]) => trimBy(p(s), (ch) => String(plain(cutset)).includes(ch), true, true)),
  trimPrefix: pfn(['string', 'string'], ([prefix, s]) => {
    const v = p(s);
    const pre = String(plain(prefix));
    return v.text.startsWith(pre) ? slicePStr(v, pre.length, v.length) : v;
  }),
  trimSuffix: pfn(['string', 'string'], ([suffix, s]) => {
    const v = p(s);
    const suf = String(plain(suffix));
    return suf.length > 0 && v.text.endsWith(suf) ? slicePStr(v, 0, v.length - suf.length) : v;
  }),
  nospace: fn(['string'], ([s]) => [...(s as string)].filter((ch) => !isGoSpace(ch)).join('')),
  contains: fn(['string', 'string'], ([sub, s]) => (s as string).includes(sub as string)),
  hasPrefix: fn(['string', 'string'], ([pre, s]) => (s as string).startsWith(pre as string)),
  hasSuffix: fn(['string', 'string'], ([suf, s]) => (s as string).endsWith(suf as string)),
  replace: pfn(['string', 'string', 'string'], ([old, replacement, src]) => replaceAll(p(src), String(plain(old)), p(replacement))),
  quote: pfn([], (args) =>
    quoteEach(args, (s) => {
      const quoted = goQuote(s.text);
      return quoted === `"${s.text}"` ? concat([pstr('"', computed('quote')), s, pstr('"', computed('quote'))]) : pstr(quoted, computed('quote'));
    }), 'any'),
  squote: pfn([], (args) => quoteEach(args, (s) => concat([pstr("'", computed('squote')), s, pstr("'", computed('squote'))])), 'any'),
  cat: pfn([], (args) => concat(args.filter((arg) => !isNil(plain(arg))).map(strval), pstr(' ', computed('cat'))), 'any'),
  indent: pfn(['int', 'string'], ([spaces, s]) => indent(spaces as bigint, p(s), false)),
  nindent: pfn(['int', 'string'], ([spaces, s]) => indent(spaces as bigint, p(s), true)),
  toString: pfn(['any'], ([v]) => strval(v)),
  toStrings: pfn(['any'], ([v], ctx) => strslice(v, ctx)),
  join: pfn(['string', 'any'], ([sep, v], ctx) => concat(strslice(v, ctx), p(sep))),
  split: fn(['string', 'string'], ([sep, s]) => indexedMap(splitN(s as string, sep as string, -1))),
  splitList: fn(['string', 'string'], ([sep, s]) => splitN(s as string, sep as string, -1)),
  splitn: fn(['string', 'int', 'string'], ([sep, n, s]) => indexedMap(splitN(s as string, sep as string, Number(n)))),
  substr: pfn(['int', 'int', 'string'], ([start, end, s]) => {
    const v = p(s);
    const from = Number(start);
    const to = Number(end);
    if (from < 0) {
      return slicePStr(v, 0, checkBound(to, v.length));
    }
    if (to < 0 || to > v.length) {
      return slicePStr(v, checkBound(from, v.length), v.length);
    }
    if (from > to) {
      throw new FunctionError(`runtime error: slice bounds out of range [${from}:${to}]`);
    }
    return slicePStr(v, from, to);
  }),
  trunc: pfn(['int', 'string'], ([count, s]) => {
    const v = p(s);
    const c = Number(count);
    if (c < 0 && v.length + c > 0) {
      return slicePStr(v, v.length + c, v.length);
    }
    if (c >= 0 && v.length > c) {
      return slicePStr(v, 0, c);
    }
    return v;
  }),
  repeat: fn(['int', 'string'], ([count, s]) => {
    if ((count as bigint) < 0n) {
      throw new FunctionError('strings: negative Repeat count');
    }
    return (s as string).repeat(Number(count));
  }),
  abbrev: fn(['int', 'string'], ([width, s]) => (Number(width) < 4 ? s : abbreviate(s as string, 0, Number(width)))),
  abbrevboth: fn(['int', 'int', 'string'], ([left, right, s]) => (Number(right) < 4 || (Number(left) > 0 && Number(right) < 7) ? s : abbreviate(s as string, Number(left), Number(right)))),
  plural: fn(['string', 'string', 'int'], ([one, many, count]) => (count === 1n ? one : many)),
};

/** goutils.AbbreviateFull as Sprig's abbrev/abbrevboth call it. */
function abbreviate(s: string, offset: number, maxWidth: number): string {
  const marker = '...';
  if (s === '' || s.length <= maxWidth) {
    return s;
  }
  let at = Math.min(offset, s.length);
  if (s.length - at < maxWidth - 3) {
    at = s.length - (maxWidth - 3);
  }
  if (at <= 4) {
    return s.slice(0, maxWidth - 3) + marker;
  }
  if (at + maxWidth - 3 < s.length) {
    return marker + abbreviate(s.slice(at), 0, maxWidth - 3);
  }
  return marker + s.slice(s.length - (maxWidth - 3));
}

function checkBound(index: number, length: number): number {
  if (index < 0 || index > length) {
    throw new FunctionError(`runtime error: slice bounds out of range [:${index}] with length ${length}`);
  }
  return index;
}
