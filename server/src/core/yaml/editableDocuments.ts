import { countLineBreaks, splitDocuments } from './documentChunks';

/** One edit: `[start, end)` of the text before it (offsets) becomes `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** One YAML document's text; `slot` keeps what a consumer derived from exactly this text. */
export interface DocumentText<T> {
  readonly text: string;
  readonly lineBreaks: number;
  slot: T | undefined;
}

/** A document where it sits in the file. */
export interface PlacedDocument<T> {
  readonly document: DocumentText<T>;
  /** Offset of its first character in the file. */
  readonly offset: number;
  /** 0-based line of its first character. */
  readonly line: number;
}

/**
 * A file's YAML documents, kept split across edits: an edit re-splits only the
 * documents it touches and their two neighbours (a `---` line typed or deleted
 * merges or splits exactly those), so its cost follows the size of the edited
 * documents, not the file's. The documents around keep their `DocumentText`
 * (and whatever their slot holds); only their offsets and lines move.
 *
 * `documents` is replaced, never mutated, on each edit: a reader iterating an
 * older list (an analysis yielding to the event loop) keeps a consistent one.
 */
export class EditableDocuments<T> {
  private placed: readonly PlacedDocument<T>[];
  private textLength: number;

  constructor(text: string, reuse?: (text: string) => DocumentText<T> | undefined) {
    this.placed = place(text, 0, 0, reuse ?? (() => undefined));
    this.textLength = text.length;
  }

  get documents(): readonly PlacedDocument<T>[] {
    return this.placed;
  }

  get length(): number {
    return this.textLength;
  }

  /** Applies edits in order (each against the text the previous one left); false when one does not fit the text. */
  apply(changes: readonly TextChange[]): boolean {
    for (const change of changes) {
      if (!(change.start >= 0 && change.start <= change.end && change.end <= this.textLength)) {
        return false;
      }
      this.applyOne(change);
    }
    return true;
  }

  private applyOne({ start, end, text }: TextChange): void {
    const placed = this.placed;
    const first = Math.max(0, this.indexAt(start) - 1);
    const last = Math.min(placed.length - 1, this.indexAt(end) + 1);
    const window = placed.slice(first, last + 1);
    const windowStart = (window[0] as PlacedDocument<T>).offset;
    const oldText = window.map((entry) => entry.document.text).join('');
    const newText = oldText.slice(0, start - windowStart) + text + oldText.slice(end - windowStart);
    const before = new Map(window.map((entry) => [entry.document.text, entry.document]));
    const fresh = newText === '' ? [] : place(newText, windowStart, (window[0] as PlacedDocument<T>).line, (chunk) => before.get(chunk));
    const lineShift = sumLineBreaks(fresh) - sumLineBreaks(window);
    const offsetShift = newText.length - oldText.length;
    const after = placed.slice(last + 1);
    const shifted = lineShift === 0 && offsetShift === 0 ? after : after.map((entry) => ({ document: entry.document, offset: entry.offset + offsetShift, line: entry.line + lineShift }));
    const documents = [...placed.slice(0, first), ...fresh, ...shifted];
    this.placed = documents.length > 0 ? documents : place('', 0, 0, () => undefined);
    this.textLength += offsetShift;
  }

  /** Index of the document holding `offset` (the last one starting at or before it). */
  private indexAt(offset: number): number {
    let low = 0;
    let high = this.placed.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.placed[middle] as PlacedDocument<T>).offset <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }
}

function place<T>(text: string, offset: number, line: number, reuse: (text: string) => DocumentText<T> | undefined): PlacedDocument<T>[] {
  return splitDocuments(text).map((chunk) => ({
    document: reuse(chunk.text) ?? { text: chunk.text, lineBreaks: countLineBreaks(chunk.text), slot: undefined },
    offset: offset + chunk.offset,
    line: line + chunk.line,
  }));
}

function sumLineBreaks<T>(documents: readonly PlacedDocument<T>[]): number {
  return documents.reduce((sum, entry) => sum + entry.document.lineBreaks, 0);
}
