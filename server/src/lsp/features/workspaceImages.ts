import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findingsOfImage } from '../../core/findingsOfImage';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { WorkspaceImagesResult } from '../protocol';
import type { WorkspaceIndex } from '../workspaceIndex';
import { workspaceAnalyses } from './workspaceManifests';

/** Every image in the workspace (see `workspaceAnalyses`) and the paths that could not be read; files without images are left out. */
export async function workspaceImages(index: WorkspaceIndex, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses): Promise<WorkspaceImagesResult> {
  const { files, failed } = await workspaceAnalyses(index, documents, analyses);
  return {
    files: files
      .filter(({ analysis }) => analysis.images.length > 0)
      .map(({ uri, analysis }) => ({
        uri,
        profile: analysis.profile,
        images: analysis.images.map((image, imageIndex) => ({
          image: image.image,
          range: image.range,
          resource: image.resource,
          container: image.container,
          effectivePolicy: image.pullPolicy.effective,
          defaulted: image.pullPolicy.defaulted,
          pinned: image.reference.digest !== null,
          findingCount: findingsOfImage(analysis, imageIndex).length,
        })),
      })),
    failed,
  };
}
