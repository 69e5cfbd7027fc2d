import type { Range } from '../model';
import { LineIndex } from '../yaml/lineIndex';

/** A place in a file the user can open: where an image, entry or patch is written. */
export interface FileRange {
  file: string;
  range: Range;
}

/**
 * Maps offsets in text that was parsed to ranges in the file it came from. For a
 * whole file the two are the same; an inline patch is a block scalar inside a
 * kustomization, so its lines sit further down and further right.
 */
export interface TextOrigin {
  file: string;
  locate(start: number, end: number): Range;
}

export function fileOrigin(file: string, text: string): TextOrigin {
  const lines = new LineIndex(text);
  return { file, locate: (start, end) => ({ start: lines.positionAt(start), end: lines.positionAt(end) }) };
}

/**
 * The origin of the content of a block scalar (`patch: |`) whose first content
 * line is `firstLine` of the file, indented by `indent` columns.
 */
export function blockScalarOrigin(file: string, content: string, firstLine: number, indent: number): TextOrigin {
  const lines = new LineIndex(content);
  const shift = (offset: number) => {
    const position = lines.positionAt(offset);
    return { line: position.line + firstLine, character: position.character + indent };
  };
  return { file, locate: (start, end) => ({ start: shift(start), end: shift(end) }) };
}

/** The same range everywhere: for text whose layout in the file is unknown (a quoted inline patch). */
export function fixedOrigin(place: FileRange): TextOrigin {
  return { file: place.file, locate: () => place.range };
}
