import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { findingCounts } from '../../core/findingsOfImage';
import type { FileAnalysis, ImageOccurrence } from '../../core/model';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { WorkspaceImagesResult, WorkspaceUnit } from '../protocol';
import type { WorkspaceIndex } from '../workspaceIndex';
import { workspaceAnalyses } from './workspaceManifests';

/**
 * Every image in the workspace (see `workspaceAnalyses`), each with the chart
 * or kustomization that deploys it and the environment, and the paths that
 * could not be read; files without images are left out.
 */
export async function workspaceImages(index: WorkspaceIndex, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses): Promise<WorkspaceImagesResult> {
  const { files, failed, units } = await workspaceAnalyses(index, documents, analyses);
  const unitByImage = new Map<string, string>();
  const listed: WorkspaceUnit[] = units.map(({ unit }) => {
    const uri = URI.file(unit.root).toString();
    unit.images.forEach((image) => unitByImage.set(unitImageKey(image), uri));
    return {
      uri,
      kind: unit.kind,
      environments: unit.environments.map(({ name, profile }) => ({ name, profile })),
    };
  });
  const unitOf = (image: ImageOccurrence): string | undefined => (image.environment === null ? undefined : unitByImage.get(unitImageKey(image)));
  return {
    files: files
      .filter(({ analysis }) => analysis.images.length > 0)
      .map(({ uri, analysis }) => ({
        uri,
        profile: analysis.profile,
        images: imagesOf(analysis).map(({ image, findingCount }) => {
          const unit = unitOf(image) ?? null;
          return {
            unit,
            environment: unit === null ? null : image.environment,
            image: image.image,
            range: image.range,
            resource: image.resource,
            container: image.container,
            effectivePolicy: image.pullPolicy.effective,
            defaulted: image.pullPolicy.defaulted,
            pinned: image.reference.digest !== null,
            findingCount,
          };
        }),
      })),
    failed,
    units: listed.sort((a, b) => a.uri.localeCompare(b.uri)),
  };
}

/** Each image with how many findings are about it (a finding one values key shares counts for every image it names). */
function imagesOf(analysis: FileAnalysis): Array<{ image: ImageOccurrence; findingCount: number }> {
  const counts = findingCounts(analysis);
  return analysis.images.map((image, imageIndex) => ({ image, findingCount: counts[imageIndex] ?? 0 }));
}

/**
 * Which of a unit's images this is: its environment, where it is fixed and the
 * container it names. Not object identity: an open file's view may have been
 * merged from an equal analysis of the unit made by a concurrent request.
 */
function unitImageKey(image: ImageOccurrence): string {
  const { start, end } = image.range;
  return [
    image.environment,
    image.file,
    start.line,
    start.character,
    end.line,
    end.character,
    image.origin.file,
    image.resource.kind,
    image.resource.name,
    image.containerPath,
  ].join('\u0000');
}
