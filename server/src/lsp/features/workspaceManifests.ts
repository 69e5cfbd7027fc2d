import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../../core/model';
import { mergeFileAnalyses } from '../../core/units/mergeAnalyses';
import { runAnalysisJob } from '../../workspace/analysisJob';
import type { AnalysedUnit } from '../../workspace/units';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { DocumentSettings, SettingsProvider } from '../settingsProvider';
import type { WorkspaceIndex } from '../workspaceIndex';
import { analysisJobOf } from '../workspaceIndex';

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

export interface WorkspaceAnalyses {
  /** What each file shows, as in the editor: a chart's or kustomization's images where they are fixed, not in the files they cover. */
  files: Array<{ uri: string; analysis: FileAnalysis }>;
  failed: Array<{ uri: string; message: string }>;
  /** The units whose images the files show. */
  units: AnalysedUnit[];
}

/**
 * Every manifest of the workspace, analysed: open documents (their unsaved
 * text wins), then the project index for the rest, each merged with what the
 * units show in it. Nothing is read from disk.
 */
export async function workspaceAnalyses(index: WorkspaceIndex, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses): Promise<WorkspaceAnalyses> {
  const files: WorkspaceAnalyses['files'] = [];
  for (const document of documents.all()) {
    files.push({ uri: document.uri, analysis: (await analyses.get(document)).analysis });
  }
  const snapshot = await index.snapshot();
  const units = await index.analysedUnits();
  const covered = new Set(units.flatMap((unit) => unit.covers));
  const failed = snapshot.unreadable.map(({ path, message }) => ({ uri: URI.file(path).toString(), message }));
  for (const { file, outcome } of snapshot.units) {
    const uri = URI.file(file.absolutePath).toString();
    if (documents.get(uri)) {
      continue;
    }
    if (outcome.kind === 'analysed') {
      const shown = units.flatMap((unit) => unit.files.get(file.absolutePath) ?? []);
      files.push({ uri, analysis: mergeFileAnalyses(outcome.result, covered.has(file.absolutePath), shown) ?? outcome.result });
    } else if (outcome.kind === 'unreadable') {
      failed.push({ uri, message: outcome.message });
    } else if (outcome.cause === 'size') {
      failed.push({ uri, message: `skipped: ${outcome.reason}` });
    }
  }
  return { files, failed, units };
}

export interface AnalysedFile {
  uri: string;
  analysis: FileAnalysis;
  settings: DocumentSettings;
}

/** Every analysed manifest of the workspace with its settings (check the workspace against registries): open documents, then the index. */
export async function workspaceFilesWithSettings(
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  settings: SettingsProvider,
): Promise<AnalysedFile[]> {
  const files: AnalysedFile[] = [];
  for (const document of documents.all()) {
    files.push(await analysedSnapshot(document, analyses));
  }
  for (const { file, outcome } of (await index.snapshot()).units) {
    const uri = URI.file(file.absolutePath).toString();
    if (!documents.get(uri) && outcome.kind === 'analysed') {
      files.push({ uri, analysis: outcome.result, settings: await settings.forClosedFile(uri) });
    }
  }
  return files;
}

/**
 * The manifests that may need edits (pin all in workspace): open documents
 * from memory, then the files the index says hold an image without a digest,
 * read again now (an edit must apply to the text as it is).
 */
export async function* workspaceManifests(
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  settings: SettingsProvider,
): AsyncGenerator<WorkspaceManifest> {
  for (const document of documents.all()) {
    yield await analysedSnapshot(document, analyses);
  }
  for (const { file, outcome } of (await index.snapshot()).units) {
    const uri = URI.file(file.absolutePath).toString();
    if (documents.get(uri) || outcome.kind !== 'analysed' || outcome.result.images.every((image) => image.reference.digest !== null)) {
      continue;
    }
    const fileSettings = await settings.forClosedFile(uri);
    const current = await runAnalysisJob(analysisJobOf(file, fileSettings), { withText: true, withImages: true });
    if (current.kind !== 'analysed' || current.text === null) {
      continue;
    }
    yield { uri, snapshot: TextDocument.create(uri, 'yaml', 0, current.text), analysis: current.analysis, settings: fileSettings };
  }
}
