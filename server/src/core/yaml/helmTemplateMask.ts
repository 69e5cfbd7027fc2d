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
