/**
 * Helm's toYaml: sigs.k8s.io/yaml marshals to JSON, reads that back with go-yaml v2 and
 * emits it with go-yaml v2's emitter. This reproduces that output for JSON-shaped data:
 * sorted keys, indentless sequences, go-yaml's scalar style choice (plain, single-quoted,
 * double-quoted, literal block) and its folding of long lines at 80 columns.
 */
import { FunctionError } from './functions';
import { formatFloat } from './goFormat';
import { GoObject, isMap, isNil, plain, sortedKeys } from './values';
import type { Value } from './values';

const BEST_WIDTH = 80;

/** go-yaml v2's resolve(): would this plain scalar read back as something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (s === '' || /^(~|null|Null|NULL)$/.test(s)) {
    return true;
  }
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<)$/.test(s)) {
    return true;
  }
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) {
    return true;
  }
  if (!/^[-+0-9.]/.test(s)) {
    return false;
  }
  const plainNumber = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plainNumber)) {
    return true;
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plainNumber)) {
    return true;
  }
  // Timestamps (YYYY-MM-DD…) resolve to time values.
  if (/^\d{4}-\d{1,2}-\d{1,2}([Tt ]|$)/.test(s)) {
    return true;
  }
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) || code >= 0x10000;
}

const isBreakChar = (ch: string) => ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar (block context). */
function analyze(value: string): Analysis {
  if (value === '') {
    return { blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const chars = [...value];
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreakChar(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        blockIndicators = true;
      }
      if ((ch === '?' || ch === ':') && followedByWhitespace) {
        blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        blockIndicators = true;
      }
    } else {
      if (ch === ':' && followedByWhitespace) {
        blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        blockIndicators = true;
      }
    }
    if (!isPrintable(ch.codePointAt(0) ?? 0)) {
      special = true;
    }
    if (isBreakChar(ch)) {
      lineBreaks = true;
    }
    if (ch === ' ') {
      if (i === 0) {
        leadingSpace = true;
      }
      if (i === chars.length - 1) {
        trailingSpace = true;
      }
      if (previousBreak) {
        breakSpace = true;
      }
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakChar(ch)) {
      if (i === 0) {
        leadingBreak = true;
      }
      if (i === chars.length - 1) {
        trailingBreak = true;
      }
      if (previousSpace) {
        spaceBreak = true;
      }
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreakChar(ch);
  });
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    blockPlainAllowed = false;
  }
  if (trailingSpace) {
    blockAllowed = false;
  }
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks || blockIndicators) {
    blockPlainAllowed = false;
  }
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** Writes text tracking the column, as the emitter does. */
class Writer {
  readonly parts: string[] = [];
  column = 0;

  write(text: string): void {
    this.parts.push(text);
    const newline = text.lastIndexOf('\n');
    this.column = newline < 0 ? this.column + [...text].length : [...text.slice(newline + 1)].length;
  }

  /** go-yaml's write_indent: a line break unless a block scalar's final break already ended the line. */
  newlineIndent(indent: number): void {
    const last = this.parts[this.parts.length - 1];
    this.write((last !== undefined && last.endsWith('\n') ? '' : '\n') + ' '.repeat(indent));
  }
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function writeDoubleQuoted(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  w.write('"');
  const chars = [...value];
  let spaces = false;
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0) ?? 0;
    if (!isPrintable(code) || code === 0xfeff || isBreakChar(ch) || ch === '"' || ch === '\\' || ch === '\u00a0') {
      const escape = ESCAPES[ch];
      if (escape !== undefined) {
        w.write('\\' + escape);
      } else if (code <= 0xff) {
        w.write('\\x' + code.toString(16).toUpperCase().padStart(2, '0'));
      } else if (code <= 0xffff) {
        w.write('\\u' + code.toString(16).toUpperCase().padStart(4, '0'));
      } else {
        w.write('\\U' + code.toString(16).toUpperCase().padStart(8, '0'));
      }
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        w.newlineIndent(indent);
        if (chars[i + 1] === ' ') {
          w.write('\\');
        }
      } else {
        w.write(ch);
      }
      spaces = true;
    } else {
      w.write(ch);
      spaces = false;
    }
  });
  w.write('"');
}

/** Plain and single-quoted scalars fold at spaces past the best width. */
function writeFolding(w: Writer, value: string, indent: number, allowBreaks: boolean, quote: boolean): void {
  if (quote) {
    w.write("'");
  }
  const chars = [...value];
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      const edgeOk = !quote || (i !== 0 && i !== chars.length - 1);
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && edgeOk && chars[i + 1] !== ' ') {
        w.newlineIndent(indent);
      } else {
        w.write(ch);
      }
      spaces = true;
    } else {
      w.write(quote && ch === "'" ? "''" : ch);
      spaces = false;
    }
  });
  if (quote) {
    w.write("'");
  }
}

function writeLiteral(w: Writer, value: string, indent: number): void {
  let header = '|';
  if (value.startsWith(' ') || (value.length > 0 && isBreakChar(value[0]))) {
    header += '2';
  }
  if (value === '' || !isBreakChar(value[value.length - 1])) {
    header += '-';
  } else if (value.length === 1 || isBreakChar(value[value.length - 2])) {
    header += '+';
  }
  w.write(header);
  let breaks = true;
  for (const ch of value) {
    if (isBreakChar(ch)) {
      w.write('\n');
      breaks = true;
    } else {
      if (breaks) {
        w.newlineIndent(indent);
      }
      w.write(ch);
      breaks = false;
    }
  }
}

function writeString(w: Writer, value: string, indent: number, isKey: boolean): void {
  const analysis = analyze(value);
  let style: 'plain' | 'single' | 'double' | 'literal' = value.includes('\n') ? 'literal' : resolvesToNonString(value) ? 'double' : 'plain';
  if (style === 'plain' && (!analysis.blockPlainAllowed || (value === '' && isKey))) {
    style = 'single';
  }
  if (style === 'single' && !analysis.singleQuotedAllowed) {
    style = 'double';
  }
  if (style === 'literal' && (!analysis.blockAllowed || isKey)) {
    style = 'double';
  }
  switch (style) {
    case 'plain':
      writeFolding(w, value, indent, !isKey, false);
      break;
    case 'single':
      writeFolding(w, value, indent, !isKey, true);
      break;
    case 'double':
      writeDoubleQuoted(w, value, indent, !isKey);
      break;
    case 'literal':
      writeLiteral(w, value, indent);
      break;
  }
}

/** The scalar as JSON then go-yaml would print it. */
function writeScalar(w: Writer, value: Value, indent: number): void {
  if (isNil(value)) {
    w.write('null');
  } else if (typeof value === 'boolean') {
    w.write(String(value));
  } else if (typeof value === 'bigint') {
    w.write(value.toString());
  } else if (typeof value === 'number') {
    // JSON writes integral floats below 1e21 as integers, which go-yaml reads back as ints.
    w.write(Number.isInteger(value) && Math.abs(value) < 1e21 && Math.abs(value) <= Number.MAX_SAFE_INTEGER * 1024 ? BigInt(value).toString() : formatFloat(value, 'g', -1).replace(/^\+Inf$/, '.inf').replace(/^-Inf$/, '-.inf').replace(/^NaN$/, '.nan'));
  } else {
    writeString(w, String(value), indent, false);
  }
}

const isEmptyCollection = (v: Value) => (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

function writeNode(w: Writer, value: Value, indent: number, depth: number): void {
  if (depth > 10_000) {
    throw new FunctionError('value nested too deeply', 'limit');
  }
  // Structs go through JSON as objects of their fields.
  const v = value instanceof GoObject ? { ...value.fields } : plain(value);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      w.write('[]');
      return;
    }
    v.forEach((item, i) => {
      if (i > 0) {
        w.newlineIndent(indent);
      }
      w.write('- ');
      writeNode(w, item, indent + 2, depth + 1);
    });
    return;
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) {
      w.write('{}');
      return;
    }
    keys.forEach((key, i) => {
      if (i > 0) {
        w.newlineIndent(indent);
      }
      writeString(w, key, indent, true);
      w.write(':');
      const child = plain(v[key]);
      if (isMap(child) && !isEmptyCollection(child)) {
        w.newlineIndent(indent + 2);
        writeNode(w, child, indent + 2, depth + 1);
      } else if (Array.isArray(child) && child.length > 0) {
        w.newlineIndent(indent);
        writeNode(w, child, indent, depth + 1);
      } else {
        w.write(' ');
        writeNode(w, child, indent + 2, depth + 1);
      }
    });
    return;
  }
  writeScalar(w, v, indent);
}

/** The indent go-yaml gives a scalar: two more than its parent (the root counts as -1 → 2). */
const ROOT_SCALAR_INDENT = 2;

/** Helm's toYaml: go-yaml output without its final newline. */
export function toYaml(value: Value): string {
  const w = new Writer();
  const v = value instanceof GoObject ? value.fields : plain(value);
  writeNode(w, value, Array.isArray(v) || isMap(v) ? 0 : ROOT_SCALAR_INDENT, 0);
  return w.parts.join('');
}
