/**
 * Edit targets computed on first use. A Helm chart proves each pin target by rendering
 * the chart again per candidate edit (seconds on a big chart), and an edit only needs the
 * findings: the targets are computed the first time something reads them (a pin, a quick
 * fix, a hover, the CLI's JSON) and then kept. The property stays enumerable, so a copy
 * or JSON of the occurrence has them. A cheap test of where the targets may lie lets a
 * hover skip the images it is not on without computing their targets.
 */
import type { EditTarget, ImageOccurrence, Position } from '../model';

/** May one of the image's edit targets contain this place? Never false when one does. */
export type TargetHint = (file: string, position: Position) => boolean;

const hints = new WeakMap<ImageOccurrence, TargetHint>();

export function withLazyEditTargets(occurrence: ImageOccurrence, compute: () => EditTarget[], hint: TargetHint): ImageOccurrence {
  let targets: EditTarget[] | undefined;
  hints.set(occurrence, hint);
  return Object.defineProperty(occurrence, 'editTargets', {
    enumerable: true,
    configurable: true,
    get: () => (targets ??= compute()),
    set: (value: EditTarget[]) => {
      targets = value;
    },
  });
}

/** False only when no edit target of the image can contain the place (images without a hint: true). */
export function mayHaveTargetAt(image: ImageOccurrence, file: string, position: Position): boolean {
  return hints.get(image)?.(file, position) ?? true;
}
