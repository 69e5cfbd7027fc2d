/**
 * Strings that remember where each character came from. A `PStr` is a string plus spans
 * (relative to the string) that cover it completely; `TextBuilder` concatenates pieces in
 * linear time, merging a span into the previous one when the characters continue it.
 */
import type { Origin, Span } from './types';

export class PStr {
  constructor(
    readonly text: string,
    readonly spans: readonly Span[],
  ) {}

  get length(): number {
    return this.text.length;
  }

  toString(): string {
    return this.text;
  }
}

/** A number or bool read from `.Values`: it prints as that values leaf. */
export class Traced {
  constructor(
    readonly value: number | bigint | boolean,
    readonly origin: Origin,
  ) {}
}

export function computed(reason: string): Origin {
  return { kind: 'computed', reason };
}

/** The origin of the character `delta` positions after the start of a span with `origin`. */
export function shiftOrigin(origin: Origin, delta: number): Origin {
  if (delta === 0) {
    return origin;
  }
  switch (origin.kind) {
    case 'literal':
      return { kind: 'literal', template: origin.template, offset: origin.offset + delta };
    case 'value':
      return { kind: 'value', path: origin.path, offset: (origin.offset ?? 0) + delta };
    default:
      return origin;
  }
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** True when `next` is the character right after a span of `length` characters from `prev`. */
function continues(prev: Origin, length: number, next: Origin): boolean {
  if (prev.kind === 'literal' && next.kind === 'literal') {
    return prev.template === next.template && prev.offset + length === next.offset;
  }
  if (prev.kind === 'value' && next.kind === 'value') {
    return (prev.offset ?? 0) + length === (next.offset ?? 0) && samePath(prev.path, next.path);
  }
  return prev.kind === 'computed' && next.kind === 'computed' && prev.reason === next.reason;
}

export class TextBuilder {
  private readonly parts: string[] = [];
  private readonly spans: Span[] = [];
  length = 0;

  append(text: string, origin: Origin): void {
    if (text.length === 0) {
      return;
    }
    this.parts.push(text);
    this.addSpan(text.length, origin);
  }

  appendP(value: PStr): void {
    if (value.text.length === 0) {
      return;
    }
    this.parts.push(value.text);
    const base = this.length;
    for (const span of value.spans) {
      this.addSpanAt(base + span.start, span.end - span.start, span.origin);
    }
    this.length = base + value.text.length;
  }

  /** Appends `value[start:end]`, keeping its origins. */
  appendSlice(value: PStr, start: number, end: number): void {
    if (end <= start) {
      return;
    }
    this.parts.push(value.text.slice(start, end));
    const base = this.length;
    for (let i = firstSpanAt(value.spans, start); i < value.spans.length; i++) {
      const span = value.spans[i];
      if (span.start >= end) {
        break;
      }
      const from = Math.max(span.start, start);
      const to = Math.min(span.end, end);
      this.addSpanAt(base + from - start, to - from, shiftOrigin(span.origin, from - span.start));
    }
    this.length = base + end - start;
  }

  build(): PStr {
    return new PStr(this.parts.length === 1 ? this.parts[0] : this.parts.join(''), this.spans);
  }

  private addSpan(length: number, origin: Origin): void {
    this.addSpanAt(this.length, length, origin);
    this.length += length;
  }

  private addSpanAt(start: number, length: number, origin: Origin): void {
    const last = this.spans[this.spans.length - 1];
    if (last !== undefined && last.end === start && continues(last.origin, last.end - last.start, origin)) {
      last.end += length;
    } else {
      this.spans.push({ start, end: start + length, origin });
    }
  }
}

/** Index of the span containing `offset` (binary search). */
function firstSpanAt(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export function pstr(text: string, origin: Origin): PStr {
  return new PStr(text, text.length === 0 ? [] : [{ start: 0, end: text.length, origin }]);
}

export function slicePStr(value: PStr, start: number, end: number): PStr {
  if (start === 0 && end === value.length) {
    return value;
  }
  const builder = new TextBuilder();
  builder.appendSlice(value, start, end);
  return builder.build();
}

/** `value` with every occurrence of `needle` removed (Helm erases "<no value>" this way). */
export function removeAll(value: PStr, needle: string): PStr {
  let at = value.text.indexOf(needle);
  if (at < 0) {
    return value;
  }
  const builder = new TextBuilder();
  let from = 0;
  while (at >= 0) {
    builder.appendSlice(value, from, at);
    from = at + needle.length;
    at = value.text.indexOf(needle, from);
  }
  builder.appendSlice(value, from, value.length);
  return builder.build();
}
