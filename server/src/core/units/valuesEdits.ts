/**
 * Text edits on a Helm values file: set a key (replace its scalar, or insert the key and any
 * missing parent mappings with the file's own indentation and line break). Only block
 * mappings written one key per line are extended; anything else gives null (no edit),
 * never a guessed one.
 */
import type { Range } from '../model';
import { readValuesFile } from '../helm/values/valuesFile';
import type { ValuePath } from '../helm/values/valueTypes';
import { isTable, pathKey } from '../helm/values/valueTypes';
import { LineIndex } from '../yaml/lineIndex';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** The edits that make `path` hold the plain scalar `value` in `text` (a values file), or null when it cannot be done safely. */
export function setValueEdits(text: string, path: ValuePath, value: string): TextEdit[] | null {
  if (path.length === 0 || path.some((key) => typeof key !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key))) {
    return null;
  }
  const parsed = readValuesFile('values.yaml', text);
  if (parsed.error) {
    return null;
  }
  const own = parsed.locations.get(pathKey(path));
  if (own) {
    const current = valueAt(parsed.values, path);
    return current === undefined || isTable(current) || Array.isArray(current) ? null : [{ range: own.valueRange, newText: value }];
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text);
  const lines = text.split(/\r?\n/);
  // The deepest existing ancestor, which must be a block mapping with at least one key.
  for (let depth = path.length - 1; depth >= 0; depth -= 1) {
    const parentPath = path.slice(0, depth);
    const parent = depth === 0 ? parsed.values : valueAt(parsed.values, parentPath);
    if (parent === undefined || parent === null) {
      continue;
    }
    if (!isTable(parent)) {
      return null;
    }
    const missing = path.slice(depth) as string[];
    const firstChild = Object.keys(parent)[0];
    if (firstChild === undefined) {
      if (depth > 0) {
        return null;
      }
      // An empty document (comments only): append at the end.
      const end = lines.length - 1;
      const needsBreak = (lines[end] ?? '') !== '';
      return [{ range: point(end, (lines[end] ?? '').length), newText: `${needsBreak ? eol : ''}${block(missing, value, '', unit, eol)}` }];
    }
    const key = parsed.locations.get(pathKey([...parentPath, firstChild]))?.keyRange;
    if (!key) {
      return null;
    }
    const line = lines[key.start.line] ?? '';
    const indent = line.slice(0, key.start.character);
    if (!/^ *$/.test(indent)) {
      return null;
    }
    return [{ range: point(key.start.line, 0), newText: block(missing, value, indent, unit, eol) }];
  }
  return null;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits.map((edit) => ({ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), newText: edit.newText })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const { start, end, newText } of sorted) {
    result = result.slice(0, start) + newText + result.slice(end);
  }
  return result;
}

function block(keys: readonly string[], value: string, indent: string, unit: string, eol: string): string {
  return keys.map((key, index) => `${indent}${unit.repeat(index)}${key}:${index === keys.length - 1 ? ` ${value}` : ''}${eol}`).join('');
}

function valueAt(values: unknown, path: ValuePath): unknown {
  let current = values;
  for (const key of path) {
    if (!isTable(current) || typeof key !== 'string' || !(key in current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

/** The file's indentation step: the first indented key's indentation, else two spaces. */
function indentUnit(text: string): string {
  const match = /^( +)[^\s#-]/m.exec(text);
  return match ? (match[1] as string) : '  ';
}

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}
