import type { Position, Range } from '../model';
import { validateDigest } from '../reference/digest';
import { isDigestFormat } from '../reference/grammar';
import { LineIndex } from '../yaml/lineIndex';
import type { BuiltContainer } from './buildResult';
import { parentDirectory } from './fileAccess';
import { splitImage } from './imageTag';
import { digestInsertion } from './imagesEntryEdits';
import type { ImageEntry, Kustomization } from './kustomizationFile';
import { parseKustomization } from './kustomizationFile';
import type { ImageEntryChange } from './resource';

/** A text edit in a named file. */
export interface FileEdit {
  file: string;
  range: Range;
  newText: string;
}

export type PinMode = 'keepTag' | 'digestOnly';

export type PinEditResult = { ok: true; edits: FileEdit[] } | { ok: false; error: string };

/**
 * The edits that pin a built container to `digest` in the overlay's `images:`
 * (never in a base): the entry of the overlay that produced the image gets a
 * `digest:` (keep-tag mode keeps or adds `newTag` so the tag stays readable;
 * digest-only mode removes `newTag`); without such an entry, a new one naming
 * the deployed image is added. Comments, indentation and flow style are kept.
 */
export function pinEdits(container: BuiltContainer, digest: string, mode: PinMode, overlay: { file: string; text: string }): PinEditResult {
  const digestError = isDigestFormat(digest) ? validateDigest(digest) : 'invalid digest format';
  if (digestError !== null) {
    return { ok: false, error: digestError };
  }
  if (container.image === '') {
    return { ok: false, error: 'the container has no image' };
  }
  const kustomization = parseKustomization(overlay.file, parentDirectory(overlay.file), overlay.text);
  if (kustomization.errors.length > 0) {
    return { ok: false, error: kustomization.errors[0]?.message ?? 'invalid kustomization' };
  }
  const lines = new LineIndex(overlay.text);
  const { tag } = splitImage(container.image);
  const own = [...container.changes].reverse().find((change): change is ImageEntryChange => change.kind === 'images' && change.kustomizationFile === overlay.file);
  const entry = own ? kustomization.images.find((candidate) => candidate.index === own.entry.index) : undefined;
  const edits = entry ? entryEdits(entry, digest, mode, tag, overlay.text, lines) : [newEntryEdit(kustomization, container.image, digest, mode, overlay.text, lines)];
  return { ok: true, edits: edits.map((edit) => ({ file: overlay.file, ...edit })) };
}

type Edit = Omit<FileEdit, 'file'>;

function entryEdits(entry: ImageEntry, digest: string, mode: PinMode, tag: string, text: string, lines: LineIndex): Edit[] {
  const edits: Edit[] = [];
  const additions: string[] = [];
  if (mode === 'keepTag' && entry.newTag === null && tag !== '') {
    // Without `newTag`, kustomize drops the tag when it writes a digest.
    additions.push(`newTag: ${yamlScalar(tag)}`);
  }
  const newTag = mode === 'digestOnly' ? entry.pairRanges.newTag : undefined;
  const newTagFirst = newTag !== undefined && !entry.flow && newTag.start.line === entry.range.start.line;
  if (newTag && (!entry.digest || newTagFirst)) {
    // The digest takes the place of the tag it replaces (also when `newTag` is the first key, after `- `).
    edits.push({ range: newTag, newText: `digest: ${digest}` });
    if (entry.pairRanges.digest) {
      edits.push({ range: wholeLines(entry.pairRanges.digest, lines), newText: '' });
    }
  } else {
    if (newTag) {
      edits.push({ range: entry.flow ? flowPairWithComma(newTag, text, lines) : wholeLines(newTag, lines), newText: '' });
    }
    if (entry.digest) {
      edits.push({ range: entry.digest.range, newText: digest });
    } else {
      additions.push(`digest: ${digest}`);
    }
  }
  if (additions.length > 0) {
    const insertion = digestInsertion(entry, lines);
    edits.push({ range: { start: insertion.position, end: insertion.position }, newText: additions.map((field) => `${insertion.prefix}${field}`).join('') });
  }
  return edits;
}

/** A new `images:` entry for the deployed image; its name keeps the tag so that only this image matches. */
function newEntryEdit(kustomization: Kustomization, image: string, digest: string, mode: PinMode, text: string, lines: LineIndex): Edit {
  const { name, tag } = splitImage(image);
  const fields = [`name: ${yamlScalar(tag === '' ? name : `${name}:${tag}`)}`];
  if (mode === 'keepTag' && tag !== '') {
    fields.push(`newTag: ${yamlScalar(tag)}`);
  }
  fields.push(`digest: ${digest}`);
  const flowEntry = `{${fields.join(', ')}}`;
  const key = kustomization.imagesKey;
  const lastEntry = kustomization.images[kustomization.images.length - 1];
  if (key?.flow && key.valueRange) {
    if (key.empty) {
      return { range: key.valueRange, newText: `[${flowEntry}]` };
    }
    const close = { line: key.valueRange.end.line, character: Math.max(0, key.valueRange.end.character - 1) };
    return { range: { start: close, end: close }, newText: `, ${flowEntry}` };
  }
  if (key && lastEntry && !key.empty) {
    const at = lineEnd(lastEntry.end.line, lines);
    return { range: { start: at, end: at }, newText: blockEntry(fields, key.dashColumn, lines.lineBreakAfter(lastEntry.end.line)) };
  }
  if (key && key.valueRange === null) {
    const at = lineEnd(key.range.end.line, lines);
    return { range: { start: at, end: at }, newText: blockEntry(fields, key.range.start.character, lines.lineBreakAfter(key.range.end.line)) };
  }
  // No `images:` yet: a new section at the end of the file.
  const lineBreak = lines.lineBreakAfter(0);
  const end = lines.positionAt(text.length);
  const separator = text === '' || text.endsWith('\n') ? '' : lineBreak;
  return { range: { start: end, end }, newText: `${separator}images:${blockEntry(fields, 0, lineBreak)}${lineBreak}` };
}

function blockEntry(fields: string[], dashColumn: number, lineBreak: string): string {
  const indent = ' '.repeat(dashColumn);
  return fields.map((field, index) => `${lineBreak}${indent}${index === 0 ? '- ' : '  '}${field}`).join('');
}

function lineEnd(line: number, lines: LineIndex): Position {
  return lines.positionAt(lines.lineContentEnd(line));
}

/** The lines a block-style pair occupies, line break included. */
function wholeLines(pair: Range, lines: LineIndex): Range {
  const start = { line: pair.start.line, character: 0 };
  const next = pair.end.line + 1;
  return next < lines.lineCount ? { start, end: { line: next, character: 0 } } : { start, end: lineEnd(pair.end.line, lines) };
}

/** A flow-style pair with the comma that separates it from its neighbour. */
function flowPairWithComma(pair: Range, text: string, lines: LineIndex): Range {
  const offset = (position: Position) => lines.lineStart(position.line) + position.character;
  let start = offset(pair.start);
  let end = offset(pair.end);
  let before = start;
  while (before > 0 && /\s/.test(text[before - 1] as string)) {
    before--;
  }
  if (text[before - 1] === ',') {
    start = before - 1;
  } else {
    while (end < text.length && /[\s,]/.test(text[end] as string) && text[end] !== '\n') {
      end++;
    }
  }
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** A value as YAML: plain when it reads back as the same string, quoted otherwise (`"1.20"`). */
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_./@:-]*$/.test(value) && !/^[-+]?[0-9._]+([eE][-+]?[0-9]+)?$/.test(value) && !/^0[xo]/i.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
