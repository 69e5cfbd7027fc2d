/**
 * Groups the server's workspace image list into the Images view's shape:
 * file → resource (`Kind/name`) → image. Pure data, no VS Code API, so the
 * grouping and labels are testable on their own.
 */
import type { WorkspaceImage, WorkspaceImagesResult } from '../../server/src/lsp/protocol';

export interface FileGroup {
  uri: string;
  profile: string;
  resources: ResourceGroup[];
}

export interface ResourceGroup {
  label: string;
  images: WorkspaceImage[];
}

export function groupImages(result: WorkspaceImagesResult): FileGroup[] {
  return result.files
    .filter((file) => file.images.length > 0)
    .map((file) => {
      const byResource = new Map<string, WorkspaceImage[]>();
      for (const image of file.images) {
        const label = resourceLabel(image.resource);
        byResource.set(label, [...(byResource.get(label) ?? []), image]);
      }
      return {
        uri: file.uri,
        profile: file.profile,
        resources: [...byResource].map(([label, images]) => ({ label, images })),
      };
    })
    .sort((a, b) => a.uri.localeCompare(b.uri));
}

export function resourceLabel(resource: WorkspaceImage['resource']): string {
  if (!resource.kind && !resource.name) {
    return '(values)';
  }
  return `${resource.kind ?? '?'}/${resource.name ?? '(unnamed)'}`;
}

/** "IfNotPresent (default) · 2 findings" */
export function imageDescription(image: WorkspaceImage): string {
  const policy = image.effectivePolicy ?? 'invalid policy';
  const parts = [image.defaulted ? `${policy} (default)` : policy];
  if (image.findingCount > 0) {
    parts.push(`${image.findingCount} finding${image.findingCount === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

/** Unreadable paths named in the view's message; more are counted. */
const FAILED_PATHS_SHOWN = 3;

/** The view's message: which paths could not be read (the rest is listed all the same), or that there is nothing to list. */
export function viewMessage(fileCount: number, failed: WorkspaceImagesResult['failed']): string | undefined {
  if (failed.length > 0) {
    const listed = failed.slice(0, FAILED_PATHS_SHOWN).map((failure) => failure.message);
    const more = failed.length > FAILED_PATHS_SHOWN ? ` (and ${failed.length - FAILED_PATHS_SHOWN} more)` : '';
    return `Not read: ${listed.join('; ')}${more}`;
  }
  return fileCount === 0 ? 'No container images found in this workspace.' : undefined;
}
