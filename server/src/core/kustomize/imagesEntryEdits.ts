import type { Position } from '../model';
import type { LineIndex } from '../yaml/lineIndex';
import type { ImageEntry } from './kustomizationFile';

/** Where a new field of an `images:` entry goes: after its last value, as a new line (block) or `, ` (flow). */
export function digestInsertion(entry: ImageEntry, lines: LineIndex): { position: Position; prefix: string } {
  if (entry.flow) {
    return { position: entry.end, prefix: ', ' };
  }
  const lineEnd = lines.positionAt(lines.lineContentEnd(entry.end.line));
  return { position: lineEnd, prefix: `${lines.lineBreakAfter(entry.end.line)}${' '.repeat(entry.keyColumn)}` };
}
