/**
 * Splits a YAML stream into its documents without parsing it, so each document
 * can be parsed, analysed and cached on its own: an edit then re-analyses only
 * the document it touched. Splitting on marker lines is exact, because YAML
 * forbids a line starting with `---` or `...` (followed by a space or the end of
 * the line) anywhere inside a document's content.
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
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let lineStart = 0;
  let sawContent = false;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (text.charCodeAt(lineStart) === 0x2d /* - */ || text.charCodeAt(lineStart) === 0x2e /* . */) {
      const lineText = text.slice(lineStart, Math.min(lineEnd, lineStart + 4));
      if (MARKER.test(lineText)) {
        const isEnd = lineText.startsWith('...');
        // `---` starts a new document; `...` ends the current one (kept in it).
        const cut = isEnd ? (newline === -1 ? text.length : newline + 1) : lineStart;
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
    } else if (lineEnd > lineStart) {
      sawContent = true;
    }
    if (newline === -1) {
      break;
    }
    lineStart = newline + 1;
    line++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  }
  return chunks;
}
