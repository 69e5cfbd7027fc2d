/** Reads the tables of a unit hover: the body rows (header and separator left out), cells trimmed. */
import assert from 'node:assert/strict';

export function hoverRows(markdown: string | null | undefined): string[][] {
  assert.ok(markdown, 'a hover');
  const lines = markdown.split('\n');
  return lines
    .filter((line, index) => line.startsWith('| ') && !line.startsWith('| ---') && !lines[index + 1]?.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | ').map((cell) => cell.trim()));
}
