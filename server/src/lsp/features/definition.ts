import type { DefinitionParams, Location, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { chartNavigationAt } from './chartNavigationAt';

/** Helm: from `include`/`template` to the `define`, from `.Values.a.b` to `a.b` in each values file that sets it. */
export function provideDefinition(document: TextDocument, params: DefinitionParams, documents: TextDocuments<TextDocument>): Location[] {
  const chart = chartNavigationAt(document, params.position, documents);
  return chart ? chart.locations(chart.navigation.definition(chart.file, chart.position)) : [];
}
