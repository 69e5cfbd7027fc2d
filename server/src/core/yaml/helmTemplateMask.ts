/**
 * Helm templates are not YAML until rendered. To still find containers in them,
 * template actions are masked with characters of the same length, which keeps
 * every offset, line and column: a line holding only actions (`{{- if … }}`)
 * becomes blank, an action inside a value becomes a run of `x`. The masked spans
 * are returned so that values built by templates are recognised as such.
 */
export interface MaskedTemplate {
  text: string;
  /** [start, end) offsets of masked actions, in order. */
  spans: Array<[number, number]>;
}

export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}

export function maskTemplateActions(text: string): MaskedTemplate {
  const spans: Array<[number, number]> = [];
  let out = '';
  let copied = 0;
  let searchFrom = 0;
  for (;;) {
    const start = text.indexOf('{{', searchFrom);
    if (start === -1) {
      break;
    }
    const close = text.indexOf('}}', start + 2);
    if (close === -1) {
      // An unclosed `{{` (in a comment or a string) is text, not an action.
      break;
    }
    if (endsInQuotedScalar(text, start, close)) {
      // `args: ["{{"]` then a `}}` lines later: masking across would swallow the YAML between.
      searchFrom = start + 2;
      continue;
    }
    const end = close + 2;
    spans.push([start, end]);
    out += text.slice(copied, start) + maskSpan(text, start, end);
    copied = end;
    searchFrom = end;
  }
  out += text.slice(copied);
  return { text: out, spans };
}

function maskSpan(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndIndex = text.indexOf('\n', end);
  const lineEnd = lineEndIndex === -1 ? text.length : lineEndIndex;
  const aloneOnLine = text.slice(lineStart, start).trim() === '' && isOnlyActions(text.slice(end, lineEnd));
  let masked = '';
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    // Keep line breaks (multi-line comments and actions) so positions stay put.
    masked += ch === '\n' || ch === '\r' ? ch : aloneOnLine ? ' ' : 'x';
  }
  return masked;
}

/**
 * Whether a `{{` sits in a quoted scalar that ends on its own line before any
 * `}}`: then it is text of that string, not the start of an action. Only a
 * `{{` whose line has no `}}` after it is asked about, so actions with quotes
 * inside (`"{{ printf "%s" .x }}"`) are untouched.
 */
function endsInQuotedScalar(text: string, start: number, close: number): boolean {
  const lineEndIndex = text.indexOf('\n', start);
  const lineEnd = lineEndIndex === -1 ? text.length : lineEndIndex;
  if (close < lineEnd) {
    return false;
  }
  const quote = openQuoteAt(text, text.lastIndexOf('\n', start - 1) + 1, start);
  if (quote === null) {
    return false;
  }
  const closing = closingQuote(text, quote, start + 2, lineEnd);
  // YAML allows only blanks, a separator or a comment after a closing quote; anything else means the quote belongs to an action (`"{{ include "x" (dict`).
  return closing !== -1 && /^[ \t]*(?:[,\]}:]|#|$)/.test(text.slice(closing + 1, lineEnd).replace(/\r$/, ''));
}

/** The quote of a quoted scalar still open at `offset` of a line, or null. */
function openQuoteAt(text: string, lineStart: number, offset: number): '"' | "'" | null {
  let quote: '"' | "'" | null = null;
  for (let i = lineStart; i < offset; i++) {
    const ch = text[i];
    if (quote === null) {
      if (ch === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        return null;
      }
      if ((ch === '"' || ch === "'") && startsScalar(text, lineStart, i)) {
        quote = ch;
      }
    } else if (quote === '"' && ch === '\\') {
      i++;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
      } else {
        quote = null;
      }
    }
  }
  return quote;
}

/** A quote opens a scalar at the start of a line's content or after `:`, `-`, `[`, `{`, `,` and blanks. */
function startsScalar(text: string, lineStart: number, quote: number): boolean {
  let before = quote - 1;
  while (before >= lineStart && (text[before] === ' ' || text[before] === '\t')) {
    before--;
  }
  return before < lineStart || ':-[{,'.includes(text[before] as string);
}

/** The offset of the quote that closes a scalar, searched in [from, to), or -1. */
function closingQuote(text: string, quote: '"' | "'", from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
    } else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
      } else {
        return i;
      }
    }
  }
  return -1;
}

/** Whether the rest of a line holds only further actions and blanks. */
function isOnlyActions(rest: string): boolean {
  return rest.replace(/\{\{[\s\S]*?\}\}/g, '').trim() === '';
}

/** Whether [start, end) overlaps a masked span (spans are sorted). */
export function overlapsSpan(spans: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((spans[mid] as [number, number])[1] <= start) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const span = spans[low];
  return span !== undefined && span[0] < end;
}
