import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../core/analyze';
import type { FileAnalysis } from '../../core/model';
import { discoverFiles } from '../../cli/files';
import { readManifestText } from '../../cli/readText';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { DocumentSettings, SettingsProvider } from '../settingsProvider';

/** Stop after this many files on disk, so a huge monorepo cannot stall the server. */
const MAX_FILES = 5000;

export interface WorkspaceManifest {
  uri: string;
  /** A copy of the text that was analysed (open documents change under our feet; this does not). */
  snapshot: TextDocument;
  analysis: FileAnalysis;
  settings: DocumentSettings;
}

/** An open document's analysis together with a copy of exactly the text it analysed. */
export async function analysedSnapshot(document: TextDocument, analyses: DocumentAnalyses): Promise<WorkspaceManifest> {
  for (;;) {
    const { version } = document;
    const text = document.getText();
    const analysed = await analyses.get(document);
    // An edit may arrive while settings load; then the analysis is of the newer text: copy that.
    if (analysed.version === version) {
      const snapshot = TextDocument.create(document.uri, document.languageId, version, text);
      return { uri: document.uri, snapshot, analysis: analysed.analysis, settings: analysed.settings };
    }
  }
}

/**
 * Every manifest of the workspace, analysed: open documents from memory (their
 * unsaved text wins), then other `*.yaml`/`*.yml` files from disk, skipping
 * `node_modules`, hidden folders and unreadable or binary files.
 */
export async function* workspaceManifests(
  roots: readonly string[],
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  settings: SettingsProvider,
): AsyncGenerator<WorkspaceManifest> {
  const seen = new Set<string>();
  for (const document of documents.all()) {
    seen.add(document.uri);
    yield await analysedSnapshot(document, analyses);
  }
  let count = 0;
  for (const root of roots) {
    for await (const file of discoverFiles([root], root)) {
      if (++count > MAX_FILES) {
        return;
      }
      const uri = URI.file(file.absolutePath).toString();
      if (seen.has(uri)) {
        continue;
      }
      seen.add(uri);
      const read = await readManifestText(file).catch(() => null);
      if (read?.kind !== 'text') {
        continue;
      }
      const fileSettings = await settings.forDocument(uri);
      yield {
        uri,
        snapshot: TextDocument.create(uri, 'yaml', 0, read.text),
        analysis: analyzeText(read.text, { path: fileSettings.profilePath, settings: fileSettings.analysis, chartTemplate: fileSettings.chartTemplate }),
        settings: fileSettings,
      };
    }
  }
}
