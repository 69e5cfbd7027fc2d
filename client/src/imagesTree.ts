/**
 * Groups the server's workspace image list into the Images view's shape: a
 * chart's or kustomization's images under the unit, then the environment,
 * then the resource (`Kind/name`); a plain manifest's under its file, then the
 * resource. Pure data, no VS Code API, so the grouping and labels are testable
 * on their own.
 */
import type { WorkspaceImage, WorkspaceImagesResult, WorkspaceUnit } from '../../server/src/lsp/protocol';

/** An image and the file where it is fixed (a values file, a kustomization, the manifest). */
export interface ListedImage {
  uri: string;
  image: WorkspaceImage;
}

export interface ResourceGroup {
  label: string;
  images: ListedImage[];
}

export interface FileGroup {
  uri: string;
  profile: string;
  resources: ResourceGroup[];
}

export interface EnvironmentGroup {
  name: string;
  profile: string;
  resources: ResourceGroup[];
}

export interface UnitGroup {
  uri: string;
  kind: WorkspaceUnit['kind'];
  environments: EnvironmentGroup[];
}

export interface ImageGroups {
  /** Charts and kustomizations, by folder. */
  units: UnitGroup[];
  /** Plain manifests, by file. */
  files: FileGroup[];
}

export function groupImages(result: WorkspaceImagesResult): ImageGroups {
  const plain = new Map<string, { profile: string; images: ListedImage[] }>();
  const byUnit = new Map<string, Map<string, ListedImage[]>>();
  const knownUnits = new Set((result.units ?? []).map((unit) => unit.uri));
  for (const file of result.files) {
    for (const image of file.images) {
      const listed = { uri: file.uri, image };
      if (image.unit && knownUnits.has(image.unit)) {
        const environments = byUnit.get(image.unit) ?? new Map<string, ListedImage[]>();
        byUnit.set(image.unit, environments);
        pushTo(environments, image.environment ?? '', listed);
      } else {
        const group = plain.get(file.uri) ?? { profile: file.profile, images: [] };
        plain.set(file.uri, group);
        group.images.push(listed);
      }
    }
  }
  const units = (result.units ?? [])
    .filter((unit) => byUnit.has(unit.uri))
    .map((unit) => {
      const images = byUnit.get(unit.uri) as Map<string, ListedImage[]>;
      // The unit's own order (default first, then its environment files); anything unnamed last.
      const named = unit.environments.filter((environment) => images.has(environment.name));
      const others = [...images.keys()].filter((name) => !unit.environments.some((environment) => environment.name === name)).map((name) => ({ name, profile: '' }));
      return {
        uri: unit.uri,
        kind: unit.kind,
        environments: [...named, ...others].map(({ name, profile }) => ({ name, profile, resources: byResource(images.get(name) ?? []) })),
      };
    });
  const files = [...plain]
    .map(([uri, { profile, images }]) => ({ uri, profile, resources: byResource(images) }))
    .sort((a, b) => a.uri.localeCompare(b.uri));
  return { units: units.sort((a, b) => a.uri.localeCompare(b.uri)), files };
}

function byResource(images: readonly ListedImage[]): ResourceGroup[] {
  const groups = new Map<string, ListedImage[]>();
  for (const listed of images) {
    pushTo(groups, resourceLabel(listed.image.resource), listed);
  }
  return [...groups].map(([label, grouped]) => ({ label, images: grouped }));
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

export function unitKindLabel(kind: WorkspaceUnit['kind']): string {
  return kind === 'helm' ? 'Helm chart' : 'kustomization';
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
