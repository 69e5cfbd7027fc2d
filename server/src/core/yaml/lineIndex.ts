import type { Position } from '../model';

/** Converts offsets in a text to 0-based line/character positions (UTF-16, like LSP). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, character: clamped - (this.lineStarts[low] as number) };
  }

  /** The offset of a position (clamped to the text), the inverse of `positionAt`. */
  offsetAt(position: Position): number {
    return Math.min(this.lineStart(position.line) + position.character, this.text.length);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))] as number;
  }

  /** Offset of the end of the line's content, before `\r\n` or `\n`. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? (this.lineStarts[line + 1] as number) - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 0x0d && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  /** The line break used after `line`, or the text's first one, for inserted lines. */
  lineBreakAfter(line: number): string {
    const end = this.lineContentEnd(line);
    if (this.text.charCodeAt(end) === 0x0d) {
      return '\r\n';
    }
    if (this.text.charCodeAt(end) === 0x0a) {
      return '\n';
    }
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }
}
