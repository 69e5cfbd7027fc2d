import type { Location, ReferenceParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { chartNavigationAt } from './chartNavigationAt';

/** Helm: from a values key to the templates reading it, from a `define` name to its `include`/`template` calls. */
export function provideReferences(document: TextDocument, params: ReferenceParams, documents: TextDocuments<TextDocument>): Location[] {
  const chart = chartNavigationAt(document, params.position, documents);
  return chart ? chart.locations(chart.navigation.references(chart.file, chart.position, params.context.includeDeclaration)) : [];
}
