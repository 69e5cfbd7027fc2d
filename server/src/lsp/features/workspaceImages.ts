import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { WorkspaceImagesResult } from '../protocol';
import type { SettingsProvider } from '../settingsProvider';
import { workspaceManifests } from './workspaceManifests';
import { findingsOfImage } from '../../core/findingsOfImage';

/** Every image in the workspace (see `workspaceManifests`); files without images are left out. */
export async function workspaceImages(
  roots: readonly string[],
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  settings: SettingsProvider,
): Promise<WorkspaceImagesResult> {
  const files: WorkspaceImagesResult['files'] = [];
  for await (const { uri, analysis } of workspaceManifests(roots, documents, analyses, settings)) {
    if (analysis.images.length === 0) {
      continue;
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
        findingCount: findingsOfImage(analysis, index).length,
      })),
    });
  }
  return { files };
}
