/** One replacement in a text: offsets in UTF-16 code units, like JS strings. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies non-overlapping edits (in any order); the text outside them is kept as is. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
      throw new Error('overlapping or out-of-range edits');
    }
    result += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return result + text.slice(at);
}

const CONTEXT = 3;

/**
 * A unified diff (`diff -u` style, 3 lines of context) between two texts with
 * the same number of lines, as produced by edits that neither add nor remove
 * line breaks. Lines keep their `\r`, so the diff applies to CRLF files too.
 * Returns '' when the texts are equal.
 */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  if (oldLines.length !== newLines.length) {
    throw new Error('unifiedDiff: edits must not add or remove lines');
  }
  const changed: number[] = [];
  for (let i = 0; i < oldLines.length; i++) {
    if (oldLines[i] !== newLines[i]) {
      changed.push(i);
    }
  }
  if (changed.length === 0) {
    return '';
  }
  // Group changed lines whose contexts touch or overlap into one hunk.
  const hunks: Array<{ first: number; last: number; lines: number[] }> = [];
  for (const line of changed) {
    const current = hunks[hunks.length - 1];
    if (current !== undefined && line - current.last <= 2 * CONTEXT) {
      current.last = line;
      current.lines.push(line);
    } else {
      hunks.push({ first: line, last: line, lines: [line] });
    }
  }
  const finalNewline = before.endsWith('\n');
  const lastIndex = oldLines.length - 1;
  let out = `--- a/${stripSlash(displayPath)}\n+++ b/${stripSlash(displayPath)}\n`;
  for (const hunk of hunks) {
    const start = Math.max(0, hunk.first - CONTEXT);
    const end = Math.min(lastIndex, hunk.last + CONTEXT);
    const count = end - start + 1;
    out += `@@ -${start + 1},${count} +${start + 1},${count} @@\n`;
    const changedSet = new Set(hunk.lines);
    for (let i = start; i <= end; i++) {
      const noNewline = i === lastIndex && !finalNewline ? '\n\\ No newline at end of file' : '';
      if (changedSet.has(i)) {
        out += `-${oldLines[i] as string}${noNewline}\n+${newLines[i] as string}${noNewline}\n`;
      } else {
        out += ` ${oldLines[i] as string}${noNewline}\n`;
      }
    }
  }
  return out;
}

/** Lines without their `\n` (a `\r` stays); a final newline does not start an extra line. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (text.endsWith('\n')) {
    lines.pop();
  }
  return lines;
}

function stripSlash(displayPath: string): string {
  return displayPath.replace(/^\/+/, '');
}
