import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../core/analyze';
import type { FileAnalysis } from '../../core/model';
import { discoverFiles } from '../../cli/files';
import { readManifestText } from '../../cli/readText';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { WorkspaceImagesResult } from '../protocol';
import type { SettingsProvider } from '../settingsProvider';

/** Stop listing after this many files, so a huge monorepo cannot stall the server. */
const MAX_FILES = 5000;

/**
 * Every image in the workspace: open documents from memory (their unsaved text
 * wins), other `*.yaml`/`*.yml` files from disk, skipping `node_modules` and
 * hidden folders. Files without images are left out.
 */
export async function workspaceImages(
  roots: readonly string[],
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  settings: SettingsProvider,
): Promise<WorkspaceImagesResult> {
  const files: WorkspaceImagesResult['files'] = [];
  const seen = new Set<string>();
  const add = (uri: string, analysis: FileAnalysis): void => {
    if (analysis.images.length === 0) {
      return;
    }
    files.push({
      uri,
      profile: analysis.profile,
      images: analysis.images.map((image, index) => ({
        image: image.image,
        range: image.range,
        resource: image.resource,
        container: image.container,
        effectivePolicy: image.pullPolicy.effective,
        defaulted: image.pullPolicy.defaulted,
        pinned: image.reference.digest !== null,
        findingCount: analysis.findings.filter((finding) => finding.imageIndex === index).length,
      })),
    });
  };

  for (const document of documents.all()) {
    seen.add(document.uri);
    add(document.uri, (await analyses.get(document)).analysis);
  }
  let count = 0;
  for (const root of roots) {
    for await (const file of discoverFiles([root], root)) {
      if (++count > MAX_FILES) {
        return { files };
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
      add(uri, analyzeText(read.text, { path: fileSettings.profilePath, settings: fileSettings.analysis }));
    }
  }
  return { files };
}
