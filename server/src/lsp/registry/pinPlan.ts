import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, ImageOccurrence, Position } from '../../core/model';
import { lookupsFor } from '../../imageCheck/observeImage';
import type { ImageLocator } from '../../registry';

/** What pinning can do with one image: look its tag up, or why not. */
export type PinPlan = { kind: 'lookup'; tag: ImageLocator } | { kind: 'cannot'; reason: string };

/**
 * Whether the image can be (re)pinned: its tag (or the implied `latest`) is looked
 * up and the scalar's text replaced in place, which needs the text to be written
 * exactly as its value (no escape, no multi-line block scalar; an alias is pinned at its anchor).
 */
export function pinPlan(document: TextDocument, image: ImageOccurrence): PinPlan {
  if (image.templated) {
    return { kind: 'cannot', reason: 'the image is assembled by a Helm template; pin the rendered value instead' };
  }
  const lookups = lookupsFor(image);
  if (!lookups) {
    return { kind: 'cannot', reason: `invalid image reference${image.reference.error ? `: ${image.reference.error}` : ''}` };
  }
  if (!lookups.tag) {
    return { kind: 'cannot', reason: 'the image is pinned by digest only; there is no tag to look up' };
  }
  if (document.getText(image.range) !== image.image || image.image.includes('\n')) {
    return { kind: 'cannot', reason: 'the image is not written as a plain or simply quoted value (escapes or a multi-line block scalar); pin it by hand' };
  }
  return { kind: 'lookup', tag: lookups.tag };
}

function contains(image: ImageOccurrence, position: Position): boolean {
  const { start, end } = image.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

/** The image whose scalar contains the position (commands pass its start). */
export function imageAtPosition(analysis: FileAnalysis, position: Position): ImageOccurrence | undefined {
  return analysis.images.find((image) => contains(image, position));
}

/** The same image among newer ones: same start position, same text; undefined when an edit moved or changed it. */
export function relocate(images: readonly ImageOccurrence[], image: ImageOccurrence): ImageOccurrence | undefined {
  const { line, character } = image.range.start;
  return images.find(
    (candidate) => candidate.image === image.image && candidate.range.start.line === line && candidate.range.start.character === character,
  );
}
