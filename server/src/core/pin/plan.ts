import type { EditTarget, ImageOccurrence, PinMode, Range } from '../model';
import { DIGEST_PLACEHOLDER } from '../model';
import { withDigest } from '../reference/pinnedImage';
import type { ImageLookup } from './lookups';
import { lookupsOf } from './lookups';

export type { PinMode } from '../model';

/** What pinning can do with one image: look its tag up and write at targets, or why not. */
export type PinPlan =
  | { kind: 'lookup'; lookup: ImageLookup; target: EditTarget }
  | { kind: 'already-pinned' }
  | { kind: 'cannot'; reason: string };

/** One text replacement; `file` null is the file the image was found in. */
export interface PinEdit {
  file: string | null;
  range: Range;
  newText: string;
}

export interface PlanOptions {
  /** Look the tag up again even when the image already has a digest ("refresh pinned digest"). */
  refresh: boolean;
}

/**
 * The one place that decides whether an image can be pinned, and where: as the
 * source laid it out (a kustomize `images:` entry), else into a digest field (a
 * Helm chart's digest key), else beside the tag in the tag field, else into the
 * image as written. The caller supplies the current text at a target so that a value that
 * is not written as itself (an alias, escapes, a folded block) is refused rather
 * than overwritten.
 */
export function planPin(image: ImageOccurrence, textAt: (target: EditTarget) => string | null, options: PlanOptions): PinPlan {
  if (image.unresolved) {
    return { kind: 'cannot', reason: `the image is not known yet (${image.unresolved.tool} fills it in); pin the value it comes from` };
  }
  const lookups = lookupsOf(image.reference);
  if (!lookups) {
    return { kind: 'cannot', reason: `invalid image reference${image.reference.error ? `: ${image.reference.error}` : ''}` };
  }
  if (lookups.pinned && !options.refresh) {
    return { kind: 'already-pinned' };
  }
  if (!lookups.tag) {
    return { kind: 'cannot', reason: 'the image is pinned by digest only; there is no tag to look up' };
  }
  const targets = image.editTargets;
  const target =
    targets.find((candidate) => candidate.pinEdits !== undefined) ??
    targets.find((candidate) => candidate.kind === 'digest') ??
    targets.find((candidate) => candidate.kind === 'tag') ??
    targets.find((candidate) => candidate.kind === 'image');
  if (!target) {
    return { kind: 'cannot', reason: 'there is no place in the workspace that writes this image' };
  }
  if (target.pinEdits === undefined) {
    const written = textAt(target);
    const expected = target.kind === 'image' ? image.image : null;
    if (written === null || (expected !== null && written !== expected) || written.includes('\n')) {
      return { kind: 'cannot', reason: 'the image is not written as a plain or simply quoted value (alias, escapes or block scalar); pin it by hand' };
    }
  }
  return { kind: 'lookup', lookup: lookups.tag, target };
}

/**
 * The edits that write `digest` for a planned image. Throws when the digest is
 * malformed: nothing wrong is ever written.
 */
export function pinEdits(image: ImageOccurrence, plan: Extract<PinPlan, { kind: 'lookup' }>, digest: string, mode: PinMode): PinEdit[] {
  const { target } = plan;
  // withDigest validates the digest for every kind, and gives the image as pinned.
  const pinned = withDigest(image.image, digest, mode);
  if (target.pinEdits) {
    return target.pinEdits[mode].map(({ range, newText }) => ({ file: target.file, range, newText: newText.split(DIGEST_PLACEHOLDER).join(digest) }));
  }
  const value = target.kind === 'image' ? pinned : target.kind === 'digest' ? digest : `${image.reference.tag ?? 'latest'}@${digest}`;
  return [{ file: target.file, range: target.range, newText: value }];
}

/**
 * Groups edits by file, dropping repeats: one values key or anchor that feeds
 * several containers is written once. Two different texts for one place are a
 * conflict, and both are dropped with the reason.
 */
export function editsByFile(edits: readonly PinEdit[]): { files: Map<string | null, PinEdit[]>; conflicts: PinEdit[] } {
  const byPlace = new Map<string, PinEdit | 'conflict'>();
  const conflicts: PinEdit[] = [];
  for (const edit of edits) {
    const key = `${edit.file ?? ''}\u0000${edit.range.start.line}:${edit.range.start.character}-${edit.range.end.line}:${edit.range.end.character}`;
    const seen = byPlace.get(key);
    if (seen === undefined) {
      byPlace.set(key, edit);
    } else if (seen === 'conflict' || seen.newText !== edit.newText) {
      if (seen !== 'conflict') {
        conflicts.push(seen);
      }
      conflicts.push(edit);
      byPlace.set(key, 'conflict');
    }
  }
  const files = new Map<string | null, PinEdit[]>();
  for (const edit of byPlace.values()) {
    if (edit !== 'conflict') {
      const list = files.get(edit.file);
      if (list) {
        list.push(edit);
      } else {
        files.set(edit.file, [edit]);
      }
    }
  }
  return { files, conflicts };
}
