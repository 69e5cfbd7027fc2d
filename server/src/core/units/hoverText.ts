/** Small pieces shared by the unit hovers: ranges, table cells, container names, file names as shown. */
import { relativePath } from '../kustomize/fileAccess';
import type { ImageOccurrence, Position, Range } from '../model';
import type { UnitAnalysis } from './unitAnalysis';

export function containerName(image: ImageOccurrence): string {
  return `${image.resource.kind ?? '?'}/${image.resource.name ?? '?'}${image.container ? `/${image.container}` : ''}`;
}

export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function contains(range: Range | null, position: Position): boolean {
  if (!range) {
    return false;
  }
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

export function isEmpty(range: Range): boolean {
  return range.start.line === range.end.line && range.start.character === range.end.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The pull policy and the rule that chose it, as a table cell. */
export function policyCell(image: ImageOccurrence): string {
  return `${image.pullPolicy.effective ?? 'unknown'} (${image.pullPolicy.rule})`;
}

/** Each distinct pull policy and why, as list items. */
export function policyRules(images: readonly ImageOccurrence[]): string[] {
  return [...new Set(images.map((image) => `- ${image.pullPolicy.effective ?? 'unknown'}: ${image.pullPolicy.explanation}`))];
}

/**
 * A file as the hover names it, short and stable across machines: relative to the
 * chart folder (a chart's files all live in it) or to the kustomization's folder
 * (`../../base/api.yaml`: the way the kustomization itself names it).
 */
export function shown(unit: UnitAnalysis, file: string | null): string {
  if (file === null) {
    return '';
  }
  const root = `${unit.root.replace(/\/+$/, '')}/`;
  if (unit.kind === 'kustomize') {
    return relativePath(unit.root, file);
  }
  return file.startsWith(root) ? file.slice(root.length) : file;
}

/** `file:line` (1-based), the file as `shown`. */
export function place(unit: UnitAnalysis, file: string | null, range: Range): string {
  return `${shown(unit, file)}:${range.start.line + 1}`;
}
