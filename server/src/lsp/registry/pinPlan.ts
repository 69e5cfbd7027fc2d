import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EditTarget, FileAnalysis, ImageOccurrence, Position } from '../../core/model';
import type { PinPlan, PlanOptions } from '../../core/pin/plan';
import { planPin } from '../../core/pin/plan';

/**
 * The core's pin plan for an image of an open document, reading targets in that
 * document (a unit names it by path: a values file, a kustomization).
 */
export function documentPinPlan(document: TextDocument, image: ImageOccurrence, options: PlanOptions): PinPlan {
  const inDocument = (file: string | null): boolean => file === null || URI.file(file).toString() === document.uri;
  const textAt = (target: EditTarget): string | null => (inDocument(target.file) ? document.getText(target.range) : null);
  return planPin(image, textAt, options);
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
