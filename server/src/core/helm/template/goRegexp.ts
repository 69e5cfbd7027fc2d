/**
 * Go regexp (RE2 syntax) on top of JS RegExp: the pattern is translated where both engines
 * agree, and rejected where they do not (backreferences and lookaround are errors in Go;
 * mid-pattern flags, \C, (?U) are not translated). Matching loops follow Go's regexp.go, so
 * empty matches and replacements (`$1`, `${name}`) behave as in Go.
 */
import { FunctionError } from './functions';

export class GoRegexpError extends Error {}

const JS_SYNTAX = '^$\\.*+?()[]{}|/';
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const GO_SPACE_CLASS = '\\t\\n\\f\\r ';

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Translates an RE2 pattern into a JS pattern and flags; throws GoRegexpError where Go would fail or JS would differ. */
export function translate(pattern: string): { source: string; flags: string } {
  let flags = 'gu';
  let i = 0;
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead !== null) {
    if (lead[1].includes('U')) {
      throw new GoRegexpError('the (?U) flag is not supported by this evaluator');
    }
    flags += [...new Set(lead[1])].join('');
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) {
        throw new GoRegexpError('error parsing regexp: trailing backslash at end of expression: ``');
      }
      if (/[1-9]/.test(next)) {
        throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\${next}\``);
      }
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += [...literal].map(escapeChar).join('');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (next === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
      } else if (next === 'z' && !inClass) {
        out += '(?![\\s\\S])';
      } else if (next === 's') {
        out += inClass ? GO_SPACE_CLASS : `[${GO_SPACE_CLASS}]`;
      } else if (next === 'S') {
        if (inClass) {
          throw new GoRegexpError('\\S inside a character class is not supported by this evaluator');
        }
        out += `[^${GO_SPACE_CLASS}]`;
      } else if ('dDwWbBtnfrv'.includes(next)) {
        out += '\\' + next;
      } else if (next === 'a') {
        out += '\\x07';
      } else if (next === 'x') {
        const braced = /^\\x\{([0-9a-fA-F]+)\}/.exec(pattern.slice(i));
        if (braced !== null) {
          out += `\\u{${braced[1]}}`;
          i += braced[0].length;
          continue;
        }
        const hex = /^\\x([0-9a-fA-F]{2})/.exec(pattern.slice(i));
        if (hex === null) {
          throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`${pattern.slice(i, i + 3)}\``);
        }
        out += hex[0];
        i += hex[0].length;
        continue;
      } else if (next === 'p' || next === 'P') {
        const prop = /^\\[pP](\{\^?[A-Za-z_]+\}|[A-Za-z])/.exec(pattern.slice(i));
        if (prop === null) {
          throw new GoRegexpError(`error parsing regexp: invalid character class range: \`${pattern.slice(i, i + 3)}\``);
        }
        let name = prop[1].replace(/[{}]/g, '');
        let negated = next === 'P';
        if (name.startsWith('^')) {
          negated = !negated;
          name = name.slice(1);
        }
        out += `\\${negated ? 'P' : 'p'}{${name === 'Any' ? 'Any' : name}}`;
        i += prop[0].length;
        continue;
      } else if (next === '0' || /[0-7]/.test(next)) {
        throw new GoRegexpError('octal escapes are not supported by this evaluator');
      } else if (/[A-Za-z0-9]/.test(next)) {
        throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\${next}\``);
      } else {
        out += JS_SYNTAX.includes(next) ? '\\' + next : escapeChar(next);
      }
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      if (posix !== null) {
        const chars = POSIX_CLASSES[posix[2]];
        if (chars === undefined) {
          throw new GoRegexpError(`error parsing regexp: invalid character class range: \`${posix[0]}\``);
        }
        if (posix[1] === '^') {
          throw new GoRegexpError('negated POSIX classes are not supported by this evaluator');
        }
        out += chars;
        i += posix[0].length;
        continue;
      }
      if (ch === ']') {
        inClass = false;
      } else if (ch === '[') {
        out += '\\[';
        i++;
        continue;
      }
      out += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      i++;
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      // A leading ']' is a literal in RE2.
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
      if (named !== null) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
        continue;
      }
      if (pattern[i + 2] === ':') {
        out += '(?:';
        i += 3;
        continue;
      }
      if ('=!<'.includes(pattern[i + 2])) {
        throw new GoRegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`${pattern.slice(i, i + 3)}\``);
      }
      throw new GoRegexpError('flags inside a regular expression are not supported by this evaluator');
    }
    if (ch === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat !== null && (Number(repeat[1]) > 1000 || Number(repeat[3] || 0) > 1000)) {
        throw new GoRegexpError(`error parsing regexp: invalid repeat count: \`${repeat[0]}\``);
      }
      // In RE2 a '{' that does not start a repeat is a literal.
      out += repeat === null ? '\\{' : ch;
      i++;
      continue;
    }
    if (ch === ']') {
      out += '\\]';
      i++;
      continue;
    }
    if (ch === '}') {
      out += /\{\d+(,\d*)?$/.test(pattern.slice(0, i)) ? '}' : '\\}';
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

export function compileGo(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    const { source, flags } = translate(pattern);
    try {
      re = new RegExp(source, flags);
    } catch (error) {
      throw new GoRegexpError(`error parsing regexp: ${(error as Error).message}`);
    }
    if (cache.size > 500) {
      cache.clear();
    }
    cache.set(pattern, re);
  }
  return re;
}

/** compileGo for functions that must fail on a bad pattern (regexp.MustCompile). */
export function mustCompile(pattern: string): RegExp {
  try {
    return compileGo(pattern);
  } catch (error) {
    if (error instanceof GoRegexpError) {
      const unsupported = error.message.includes('not supported');
      throw new FunctionError(unsupported ? `regular expression ${JSON.stringify(pattern)}: ${error.message}` : `regexp: Compile(${JSON.stringify(pattern)}): ${error.message}`, unsupported ? 'unsupported' : 'exec');
    }
    throw error;
  }
}

function execAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function widthAt(text: string, at: number): number {
  const code = text.codePointAt(at);
  return code === undefined ? 1 : code > 0xffff ? 2 : 1;
}

/** Go's FindAll*: successive non-overlapping matches, an empty match right after a match ignored. */
export function findAll(re: RegExp, text: string, limit: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let prevMatchEnd = -1;
  for (let pos = 0; (limit < 0 || out.length < limit) && pos <= text.length; ) {
    const m = execAt(re, text, pos);
    if (m === null) {
      break;
    }
    const end = m.index + m[0].length;
    let accept = true;
    if (end === m.index) {
      accept = m.index !== prevMatchEnd;
      pos = m.index + widthAt(text, m.index);
    } else {
      pos = end;
    }
    prevMatchEnd = end;
    if (accept) {
      out.push(m);
    }
  }
  return out;
}

/** Go's ReplaceAll loop: the callback gives each replacement; returns pieces of [kept text range | replacement]. */
export function replaceAllRanges(re: RegExp, text: string, onMatch: (m: RegExpExecArray) => void, onKeep: (start: number, end: number) => void): void {
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= text.length) {
    const m = execAt(re, text, searchPos);
    if (m === null) {
      break;
    }
    const start = m.index;
    const end = start + m[0].length;
    onKeep(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) {
      onMatch(m);
    }
    lastMatchEnd = end;
    const width = widthAt(text, searchPos);
    if (searchPos + width > end) {
      searchPos += width;
    } else if (searchPos + 1 > end) {
      searchPos++;
    } else {
      searchPos = end;
    }
  }
  onKeep(lastMatchEnd, text.length);
}

/** Go's Regexp.Expand of `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$' || i + 1 >= template.length) {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    const match = /^\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/.exec(template.slice(i));
    if (match === null) {
      out += ch;
      continue;
    }
    const name = match[1] ?? match[2];
    if (/^\d+$/.test(name)) {
      out += m[Number(name)] ?? '';
    } else {
      out += m.groups?.[name] ?? '';
    }
    i += match[0].length - 1;
  }
  return out;
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Go's Regexp.Split. */
export function split(re: RegExp, pattern: string, text: string, n: number): string[] {
  if (n === 0) {
    return [];
  }
  if (pattern.length > 0 && text.length === 0) {
    return [''];
  }
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, text, n)) {
    if (n > 0 && parts.length === n - 1) {
      break;
    }
    end = m.index;
    if (m.index + m[0].length !== 0) {
      parts.push(text.slice(beg, end));
    }
    beg = m.index + m[0].length;
  }
  if (end !== text.length) {
    parts.push(text.slice(beg));
  }
  return parts;
}
