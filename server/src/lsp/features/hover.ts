import type { Hover, HoverParams, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HoverExtras } from '../../core/hover';
import { hoverMarkdown, imageAt } from '../../core/hover';
import type { ImageOccurrence } from '../../core/model';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { DocumentSettings } from '../settingsProvider';

/** More hover sections from other features (registry); may wait, e.g. for an opted-in lookup. */
export type HoverExtrasProvider = (image: ImageOccurrence, settings: DocumentSettings) => HoverExtras | Promise<HoverExtras>;

/** What the units (charts, kustomizations) say about a place: every environment side by side. */
export type UnitHoverProvider = (uri: string, position: Position) => Promise<string | null>;

export async function provideHover(
  document: TextDocument,
  params: HoverParams,
  analyses: DocumentAnalyses,
  extras: HoverExtrasProvider = () => ({}),
  unitHover: UnitHoverProvider = async () => null,
): Promise<Hover | null> {
  const { analysis, settings } = await analyses.get(document);
  const hit = imageAt(analysis, params.position);
  const fromUnits = await unitHover(document.uri, params.position);
  if (fromUnits !== null && (!hit || hit.image.environment !== null || hit.image.unresolved !== null)) {
    // A unit's image: what each environment deploys says more than one rendering does.
    return { contents: { kind: MarkupKind.Markdown, value: fromUnits }, range: hit?.range };
  }
  if (!hit) {
    return null;
  }
  const more = await extras(hit.image, settings);
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(analysis, hit.image, settings.analysis, more) },
    range: hit.range,
  };
}
