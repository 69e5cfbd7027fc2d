/**
 * Splits a YAML stream into its documents without parsing it, so each document
 * can be parsed, analysed and cached on its own: an edit then re-analyses only
 * the document it touched. Splitting on marker lines is exact, because YAML
 * forbids a line starting with `---` or `...` (followed by a space or the end of
 * the line) anywhere inside a document's content. Line breaks are `\n`, `\r\n`
 * and a lone `\r`, as in YAML and LSP.
 */
export interface DocumentChunk {
  /** The document's text, marker line included. */
  text: string;
  /** Offset of the chunk in the whole text. */
  offset: number;
  /** 0-based line of the chunk's first character. */
  line: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  const breaks = new LineBreaks(text);
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let lineStart = 0;
  let sawContent = false;
  while (lineStart <= text.length) {
    const lineEnd = breaks.next(lineStart);
    const nextLineStart = lineEnd === -1 ? -1 : afterBreak(text, lineEnd);
    const contentEnd = lineEnd === -1 ? text.length : lineEnd;
    if (text.charCodeAt(lineStart) === 0x2d /* - */ || text.charCodeAt(lineStart) === 0x2e /* . */) {
      const lineText = text.slice(lineStart, Math.min(contentEnd, lineStart + 4));
      if (MARKER.test(lineText)) {
        const isEnd = lineText.startsWith('...');
        // `---` starts a new document; `...` ends the current one (kept in it).
        const cut = isEnd ? (nextLineStart === -1 ? text.length : nextLineStart) : lineStart;
        if (sawContent || cut > chunkStart) {
          if (cut > chunkStart) {
            chunks.push({ text: text.slice(chunkStart, cut), offset: chunkStart, line: chunkLine });
          }
          chunkStart = cut;
          chunkLine = isEnd ? line + 1 : line;
        }
        sawContent = !isEnd;
      } else {
        sawContent = true;
      }
    } else if (contentEnd > lineStart) {
      sawContent = true;
    }
    if (nextLineStart === -1) {
      break;
    }
    lineStart = nextLineStart;
    line++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  }
  return chunks;
}

/**
 * Finds line breaks as editors and YAML count them: `\n`, `\r\n` and a lone `\r`.
 * The next `\r` is remembered, so a file without any costs one scan, not one per line.
 */
export class LineBreaks {
  private nextCarriageReturn = -2;

  constructor(private readonly text: string) {}

  /** Offset of the first break at or after `from` (the `\r` of a `\r\n`), or -1. */
  next(from: number): number {
    const newline = this.text.indexOf('\n', from);
    if (this.nextCarriageReturn !== -1 && this.nextCarriageReturn < from) {
      this.nextCarriageReturn = this.text.indexOf('\r', from);
    }
    const carriageReturn = this.nextCarriageReturn;
    return carriageReturn !== -1 && (newline === -1 || carriageReturn < newline) ? carriageReturn : newline;
  }
}

/** How many line breaks `text` holds (`\r\n` counts once). */
export function countLineBreaks(text: string): number {
  const breaks = new LineBreaks(text);
  let count = 0;
  for (let at = breaks.next(0); at !== -1; at = breaks.next(afterBreak(text, at))) {
    count++;
  }
  return count;
}

/** The offset right after the line break starting at `at`. */
function afterBreak(text: string, at: number): number {
  return at + (text.charCodeAt(at) === 0x0d && text.charCodeAt(at + 1) === 0x0a ? 2 : 1);
}
