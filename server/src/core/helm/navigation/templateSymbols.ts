/**
 * What one template file names, for navigation: its `define`/`block` names, its
 * `include`/`template` calls, and the direct `.Values` paths it reads. Read from the
 * engine's own lexer, so comments and text outside actions never match, and a file
 * that stops lexing part-way (while it is being typed) still gives what precedes the error.
 */
import { unquoteGo } from '../template/goLiterals';
import type { Token } from '../template/lexer';
import { lex } from '../template/lexer';

/** Offsets in the template text, end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A template name written in quotes: `define "x"`, `include "x"`, `template "x"`. */
export interface NamedSymbol {
  name: string;
  /** The name inside its quotes. */
  span: TextSpan;
}

/**
 * `.Values.a.b`, `$.Values.a.b` or `index .Values "a" "b"`: `path` is `['a', 'b']`
 * and `segments[i]` is where `path[i]` is written; `values` is where `.Values` is.
 */
export interface ValuesRead {
  path: string[];
  segments: TextSpan[];
  values: TextSpan;
}

export interface TemplateSymbols {
  defines: NamedSymbol[];
  calls: NamedSymbol[];
  valuesReads: ValuesRead[];
}

const end = (token: Token): number => token.offset + token.value.length;

export function scanTemplateSymbols(text: string): TemplateSymbols {
  const tokens = lex(text);
  const symbols: TemplateSymbols = { defines: [], calls: [], valuesReads: [] };
  const nonSpace = (from: number, step: 1 | -1): Token | undefined => {
    let index = from;
    while (tokens[index]?.type === 'space') {
      index += step;
    }
    return tokens[index];
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === 'keyword' && (token.value === 'define' || token.value === 'block' || token.value === 'template')) {
      const named = quotedName(nonSpace(index + 1, 1));
      if (named) {
        (token.value === 'template' ? symbols.calls : symbols.defines).push(named);
      }
      // `block` both defines and calls its name.
      if (named && token.value === 'block') {
        symbols.calls.push(named);
      }
    } else if (token.type === 'identifier' && token.value === 'include') {
      const named = quotedName(nonSpace(index + 1, 1));
      if (named) {
        symbols.calls.push(named);
      }
    } else if (token.type === 'field' && token.value === '.Values' && startsRootPath(tokens[index - 1], token)) {
      index = valuesRead(tokens, index, symbols.valuesReads, nonSpace);
    }
  }
  return symbols;
}

/** Tokens that a field written right after them belongs to (`.ctx.Values`, `$v.Values`, `(x).Values`). */
const CHAINED_AFTER = new Set<Token['type']>(['field', 'variable', 'rightParen', 'identifier', 'dot']);

/** `.Values` is read from the top-level object: not chained to what precedes it, except `$`. */
function startsRootPath(previous: Token | undefined, field: Token): boolean {
  if (previous === undefined || end(previous) !== field.offset || !CHAINED_AFTER.has(previous.type)) {
    return true;
  }
  return previous.type === 'variable' && previous.value === '$';
}

/** Reads the path starting at the `.Values` token `index`; returns the index of its last token. */
function valuesRead(tokens: Token[], index: number, reads: ValuesRead[], nonSpace: (from: number, step: 1 | -1) => Token | undefined): number {
  const valuesToken = tokens[index] as Token;
  const read: ValuesRead = { path: [], segments: [], values: { start: valuesToken.offset + 1, end: end(valuesToken) } };
  let last = index;
  for (let next = tokens[last + 1]; next?.type === 'field' && next.offset === end(tokens[last] as Token); next = tokens[last + 1]) {
    read.path.push(next.value.slice(1));
    read.segments.push({ start: next.offset + 1, end: end(next) });
    last++;
  }
  const first = tokens[index - 1]?.type === 'variable' && end(tokens[index - 1] as Token) === valuesToken.offset ? index - 1 : index;
  const before = nonSpace(first - 1, -1);
  if (before?.type === 'identifier' && before.value === 'index') {
    // `index .Values "a" "b"`: the string arguments go on with the path.
    for (let next = last + 1; tokens[next]?.type === 'space'; ) {
      const named = quotedName(tokens[next + 1]);
      if (!named) {
        break;
      }
      read.path.push(named.name);
      read.segments.push(named.span);
      last = next + 1;
      next = last + 1;
    }
  }
  if (read.path.length > 0) {
    reads.push(read);
  }
  return last;
}

function quotedName(token: Token | undefined): NamedSymbol | null {
  if (token?.type !== 'string' && token?.type !== 'rawString') {
    return null;
  }
  try {
    return { name: unquoteGo(token.value), span: { start: token.offset + 1, end: end(token) - 1 } };
  } catch {
    return null;
  }
}
