/** Helpers shared by the kustomize tests. */
import type { Position, Range } from '../../../server/src/core/model';
import type { FileAccess } from '../../../server/src/core/kustomize/fileAccess';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex';

/** An in-memory tree: path → text; folders are implied by the paths. */
export function memoryFiles(files: Record<string, string>): FileAccess {
  const isDir = (path: string) => Object.keys(files).some((file) => file.startsWith(`${path}/`));
  return {
    readText: (path) => files[path] ?? null,
    isDir,
    listDir: (path) =>
      isDir(path)
        ? [...new Set(Object.keys(files).filter((file) => file.startsWith(`${path}/`)).map((file) => file.slice(path.length + 1).split('/')[0] as string))]
        : null,
  };
}

/** The range of the `occurrence`-th appearance of `needle` in `text`. */
export function rangeOfText(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) {
      throw new Error(`${needle} not found`);
    }
  }
  const lines = new LineIndex(text);
  return { start: lines.positionAt(at), end: lines.positionAt(at + needle.length) };
}

function offsetOf(lines: LineIndex, position: Position): number {
  return lines.lineStart(position.line) + position.character;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  const lines = new LineIndex(text);
  const sorted = edits
    .map((edit) => ({ start: offsetOf(lines, edit.range.start), end: offsetOf(lines, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  let previousStart = Infinity;
  for (const edit of sorted) {
    if (edit.end > previousStart) {
      throw new Error('overlapping edits');
    }
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    previousStart = edit.start;
  }
  return result;
}
