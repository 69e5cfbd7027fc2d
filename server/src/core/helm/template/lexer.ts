/**
 * Tokenizer following Go's text/template/parse/lex.go: delimiters `{{ }}`, trim markers
 * `{{- ` / ` -}}`, comments (slash-star … star-slash), and the tokens inside actions. Offsets are
 * positions in the template text.
 */

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'eof'
  | 'error';

export interface Token {
  type: TokenType;
  /** For 'error' tokens: the message. */
  value: string;
  offset: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const UNICODE_ALPHANUMERIC = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
  }
  return UNICODE_ALPHANUMERIC.test(c);
}

function hasLeftTrimMarker(text: string, at: number): boolean {
  return text[at] === '-' && at + 1 < text.length && isSpace(text[at + 1]);
}

function hasRightTrimMarker(text: string, at: number): boolean {
  return at + 1 < text.length && isSpace(text[at]) && text[at + 1] === '-';
}

/** Tokenizes a whole template; the last token is 'eof' or 'error'. */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const push = (type: TokenType, start: number, end: number) => tokens.push({ type, value: text.slice(start, end), offset: start });
  const fail = (message: string, at: number): Token[] => {
    tokens.push({ type: 'error', value: message, offset: at });
    return tokens;
  };

  while (pos < text.length) {
    // Text up to the next action.
    const delimAt = text.indexOf(LEFT, pos);
    const textEnd = delimAt < 0 ? text.length : delimAt;
    let keptEnd = textEnd;
    const afterDelim = textEnd + LEFT.length;
    if (delimAt >= 0 && hasLeftTrimMarker(text, afterDelim)) {
      while (keptEnd > pos && isSpace(text[keptEnd - 1])) {
        keptEnd--;
      }
    }
    if (keptEnd > pos) {
      push('text', pos, keptEnd);
    }
    if (delimAt < 0) {
      pos = text.length;
      break;
    }
    // Left delimiter.
    let inner = afterDelim;
    if (hasLeftTrimMarker(text, afterDelim)) {
      inner += 2;
    }
    if (text.startsWith('/*', inner)) {
      const close = text.indexOf('*/', inner + 2);
      if (close < 0) {
        return fail('unclosed comment', delimAt);
      }
      let after = close + 2;
      const trim = hasRightTrimMarker(text, after) && text.startsWith(RIGHT, after + 2);
      if (!trim && !text.startsWith(RIGHT, after)) {
        return fail('comment ends before closing delimiter', delimAt);
      }
      after += (trim ? 2 : 0) + RIGHT.length;
      if (trim) {
        while (after < text.length && isSpace(text[after])) {
          after++;
        }
      }
      pos = after;
      continue;
    }
    push('leftDelim', delimAt, afterDelim);
    pos = inner;
    let parenDepth = 0;
    // Inside the action.
    for (;;) {
      const trimClose = hasRightTrimMarker(text, pos) && text.startsWith(RIGHT, pos + 2);
      if (trimClose || text.startsWith(RIGHT, pos)) {
        if (parenDepth > 0) {
          return fail('unclosed left paren', pos);
        }
        const start = pos;
        pos += (trimClose ? 2 : 0) + RIGHT.length;
        push('rightDelim', start, pos);
        if (trimClose) {
          while (pos < text.length && isSpace(text[pos])) {
            pos++;
          }
        }
        break;
      }
      if (pos >= text.length) {
        return fail('unclosed action', pos);
      }
      const start = pos;
      const c = text[pos];
      if (isSpace(c)) {
        let numSpaces = 0;
        while (pos < text.length && isSpace(text[pos])) {
          pos++;
          numSpaces++;
        }
        // A single space before "-}}" belongs to the trim marker.
        if (hasRightTrimMarker(text, pos - 1) && text.startsWith(RIGHT, pos + 1)) {
          pos--;
          if (numSpaces === 1) {
            continue;
          }
        }
        push('space', start, pos);
        continue;
      }
      pos++;
      if (c === '=') {
        push('assign', start, pos);
      } else if (c === ':') {
        if (text[pos] !== '=') {
          return fail('expected :=', start);
        }
        pos++;
        push('declare', start, pos);
      } else if (c === '|') {
        push('pipe', start, pos);
      } else if (c === '"') {
        pos = scanQuoted(text, pos, '"');
        if (pos < 0) {
          return fail('unterminated quoted string', start);
        }
        push('string', start, pos);
      } else if (c === '`') {
        const close = text.indexOf('`', pos);
        if (close < 0) {
          return fail('unterminated raw quoted string', start);
        }
        pos = close + 1;
        push('rawString', start, pos);
      } else if (c === '$') {
        pos = scanFieldOrVariable(text, pos);
        if (!atTerminator(text, pos)) {
          return fail(`bad character ${describeChar(text, pos)}`, pos);
        }
        push('variable', start, pos);
      } else if (c === "'") {
        pos = scanQuoted(text, pos, "'");
        if (pos < 0) {
          return fail('unterminated character constant', start);
        }
        push('charConstant', start, pos);
      } else if (c === '.') {
        if (pos < text.length && text[pos] >= '0' && text[pos] <= '9') {
          pos = scanNumber(text, start);
          if (pos < 0) {
            return fail(`bad number syntax: "${text.slice(start, -pos)}"`, start);
          }
          push('number', start, pos);
        } else {
          pos = scanFieldOrVariable(text, pos);
          if (!atTerminator(text, pos)) {
            return fail(`bad character ${describeChar(text, pos)}`, pos);
          }
          push(pos === start + 1 ? 'dot' : 'field', start, pos);
        }
      } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        pos = scanNumber(text, start);
        if (pos < 0) {
          return fail(`bad number syntax: "${text.slice(start, -pos)}"`, start);
        }
        push('number', start, pos);
      } else if (isAlphaNumeric(c)) {
        while (pos < text.length && isAlphaNumeric(text[pos])) {
          pos++;
        }
        if (!atTerminator(text, pos)) {
          return fail(`bad character ${describeChar(text, pos)}`, pos);
        }
        const word = text.slice(start, pos);
        push(KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier', start, pos);
      } else if (c === '(') {
        parenDepth++;
        push('leftParen', start, pos);
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) {
          return fail('unexpected right paren', start);
        }
        push('rightParen', start, pos);
      } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) >= 0x20) {
        push('char', start, pos);
      } else {
        return fail(`unrecognized character in action: ${describeChar(text, start)}`, start);
      }
    }
  }
  tokens.push({ type: 'eof', value: '', offset: pos });
  return tokens;
}

/** The end of a quoted literal whose body starts at `pos` (escapes skipped), or -1 when a line or the text ends first. */
function scanQuoted(text: string, pos: number, quote: string): number {
  for (;;) {
    const d = text[pos];
    if (d === '\\' && pos + 1 < text.length && text[pos + 1] !== '\n') {
      pos += 2;
      continue;
    }
    if (d === undefined || d === '\n') {
      return -1;
    }
    pos++;
    if (d === quote) {
      return pos;
    }
  }
}

function scanFieldOrVariable(text: string, pos: number): number {
  while (pos < text.length && isAlphaNumeric(text[pos])) {
    pos++;
  }
  return pos;
}

function atTerminator(text: string, pos: number): boolean {
  if (pos >= text.length) {
    return true;
  }
  const c = text[pos];
  return isSpace(c) || c === '.' || c === ',' || c === '|' || c === ':' || c === ')' || c === '(' || text.startsWith(RIGHT, pos);
}

function describeChar(text: string, pos: number): string {
  const code = text.codePointAt(pos) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${String.fromCodePoint(code)}'`;
}

/** Scans a Go number literal starting at `start`; returns its end, or -end when letters follow it. */
function scanNumber(text: string, start: number): number {
  let pos = start;
  if (text[pos] === '+' || text[pos] === '-') {
    pos++;
  }
  let digits = '0123456789_';
  if (text[pos] === '0' && pos + 1 < text.length) {
    const base = text[pos + 1].toLowerCase();
    if (base === 'x') {
      pos += 2;
      digits = '0123456789abcdefABCDEF_';
    } else if (base === 'o') {
      pos += 2;
      digits = '01234567_';
    } else if (base === 'b') {
      pos += 2;
      digits = '01_';
    }
  }
  const run = () => {
    while (pos < text.length && digits.includes(text[pos])) {
      pos++;
    }
  };
  run();
  if (text[pos] === '.') {
    pos++;
    run();
  }
  const exponent = digits.length === 23 ? 'pP' : 'eE';
  if (pos < text.length && exponent.includes(text[pos])) {
    pos++;
    if (text[pos] === '+' || text[pos] === '-') {
      pos++;
    }
    while (pos < text.length && '0123456789_'.includes(text[pos])) {
      pos++;
    }
  }
  if (text[pos] === 'i') {
    pos++;
  }
  if (pos < text.length && isAlphaNumeric(text[pos])) {
    while (pos < text.length && isAlphaNumeric(text[pos])) {
      pos++;
    }
    return -pos;
  }
  return pos;
}
