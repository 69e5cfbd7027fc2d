import { LineIndex } from '../../core/yaml/lineIndex';

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

/** Old lines [first, last] replaced by `lines`. */
interface LineChange {
  first: number;
  last: number;
  lines: string[];
}

/**
 * A unified diff (`diff -u` style, 3 lines of context) of `edits` applied to
 * `before`. Edits may add or remove lines (a new `digest:` line, a dropped
 * `newTag:`). Lines keep their `\r`, so the diff applies to CRLF files too.
 * Returns '' when nothing changes.
 */
export function unifiedDiff(displayPath: string, before: string, edits: readonly TextEdit[]): string {
  const oldLines = splitLines(before);
  if (oldLines.length === 0) {
    return addedToEmpty(displayPath, applyEdits(before, edits));
  }
  const index = new LineIndex(before);
  const lineOf = (offset: number): number => Math.min(index.positionAt(offset).line, Math.max(0, oldLines.length - 1));
  // Whole lines touched by edits, merged when they share a line.
  const changes: Array<{ first: number; last: number; edits: TextEdit[] }> = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    const first = lineOf(edit.start);
    const last = lineOf(Math.max(edit.start, edit.end - 1));
    const current = changes[changes.length - 1];
    if (current && first <= current.last) {
      current.last = Math.max(current.last, last);
      current.edits.push(edit);
    } else {
      changes.push({ first, last, edits: [edit] });
    }
  }
  const lineChanges: LineChange[] = changes
    .map(({ first, last, edits: group }) => {
      const from = index.lineStart(first);
      const to = last + 1 < oldLines.length ? index.lineStart(last + 1) : before.length;
      const segment = before.slice(from, to);
      const replaced = applyEdits(
        segment,
        group.map((edit) => ({ start: edit.start - from, end: edit.end - from, newText: edit.newText })),
      );
      return trimEqualLines({ first, last, lines: splitLines(replaced) }, oldLines);
    })
    .filter((change): change is LineChange => change !== null);
  if (lineChanges.length === 0) {
    return '';
  }
  // Touching changes print as one block: every removed line, then every added one, like diff.
  const blocks: LineChange[] = [];
  for (const change of lineChanges) {
    const previous = blocks[blocks.length - 1];
    if (previous && change.first <= previous.last + 1) {
      blocks[blocks.length - 1] = { first: previous.first, last: Math.max(previous.last, change.last), lines: [...previous.lines, ...change.lines] };
    } else {
      blocks.push(change);
    }
  }
  // Changes whose contexts touch or overlap form one hunk.
  const hunks: LineChange[][] = [];
  for (const change of blocks) {
    const current = hunks[hunks.length - 1];
    const previous = current?.[current.length - 1];
    if (current && previous && change.first - previous.last <= 2 * CONTEXT + 1) {
      current.push(change);
    } else {
      hunks.push([change]);
    }
  }
  const finalNewline = before.endsWith('\n');
  const newFinalNewline = applyEdits(before, edits).endsWith('\n');
  const lastIndex = oldLines.length - 1;
  const line = (prefix: string, text: string, isLast: boolean): string =>
    `${prefix}${text}${isLast && !(prefix === '+' ? newFinalNewline : finalNewline) ? '\n\\ No newline at end of file' : ''}\n`;
  let out = `--- a/${stripSlash(displayPath)}\n+++ b/${stripSlash(displayPath)}\n`;
  let shift = 0;
  for (const hunk of hunks) {
    const start = Math.max(0, (hunk[0] as LineChange).first - CONTEXT);
    const end = Math.min(lastIndex, (hunk[hunk.length - 1] as LineChange).last + CONTEXT);
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let at = start;
    for (const change of hunk) {
      for (; at < change.first; at++, oldCount++, newCount++) {
        body += line(' ', oldLines[at] as string, at === lastIndex);
      }
      for (let i = change.first; i <= change.last; i++, oldCount++) {
        body += line('-', oldLines[i] as string, i === lastIndex);
      }
      change.lines.forEach((text, i) => {
        body += line('+', text, change.last === lastIndex && i === change.lines.length - 1);
      });
      newCount += change.lines.length;
      at = change.last + 1;
    }
    for (; at <= end; at++, oldCount++, newCount++) {
      body += line(' ', oldLines[at] as string, at === lastIndex);
    }
    out += `@@ -${start + 1},${oldCount} +${start + 1 + shift},${newCount} @@\n${body}`;
    shift += newCount - oldCount;
  }
  return out;
}

/** An empty file gains lines: one hunk starting at line 0. */
function addedToEmpty(displayPath: string, after: string): string {
  const lines = splitLines(after);
  if (lines.length === 0) {
    return '';
  }
  const noNewline = after.endsWith('\n') ? '' : '\n\\ No newline at end of file';
  const body = lines.map((line, i) => `+${line}${i === lines.length - 1 ? noNewline : ''}\n`).join('');
  return `--- a/${stripSlash(displayPath)}\n+++ b/${stripSlash(displayPath)}\n@@ -0,0 +1,${lines.length} @@\n${body}`;
}

/** Drops lines a change leaves as they were at its start and end; null when nothing is left. */
function trimEqualLines(change: LineChange, oldLines: readonly string[]): LineChange | null {
  let { first, last } = change;
  const lines = [...change.lines];
  while (first <= last && lines.length > 0 && lines[0] === oldLines[first]) {
    lines.shift();
    first++;
  }
  while (first <= last && lines.length > 0 && lines[lines.length - 1] === oldLines[last]) {
    lines.pop();
    last--;
  }
  return first > last && lines.length === 0 ? null : { first, last, lines };
}

/** Lines without their `\n` (a `\r` stays); a final newline does not start an extra line. */
function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  if (text.endsWith('\n')) {
    lines.pop();
  }
  return lines;
}

function stripSlash(displayPath: string): string {
  return displayPath.replace(/^\/+/, '');
}
