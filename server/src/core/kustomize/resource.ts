import type { ImageEntry } from './kustomizationFile';
import type { PlainObject } from './plainYaml';
import { isPlainObject, placeOfField } from './plainYaml';
import type { FileRange } from './sourceText';

/** A resource's identity at one point of the build; kustomize matches patches against all of them. */
export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** One object flowing through the build, with where it came from. */
export interface Resource {
  object: PlainObject;
  /** The file and document index it was read from. */
  origin: { file: string; documentIndex: number };
  /** Earlier identities (before prefixes, suffixes and namespaces), oldest first. */
  previousIds: ResourceId[];
}

/** An `images:` entry that rewrote an image, and the image before and after. */
export interface ImageEntryChange {
  kind: 'images';
  kustomizationFile: string;
  entry: ImageEntry;
  before: string;
  after: string;
}

/** A patch that set an image or pull policy. */
export interface PatchChange {
  kind: 'patch';
  field: 'image' | 'imagePullPolicy';
  /** The patch's value in the patch file (or inline in the kustomization). */
  place: FileRange;
  /** The patch entry in the kustomization that applied it. */
  kustomizationFile: string;
  patchRange: FileRange['range'];
  before: string | null;
  after: string | null;
}

export type ImageChange = ImageEntryChange | PatchChange;

/** What happened to one container on its way to the output. */
export interface ContainerTrace {
  /** Where the container's image was first written (resource file or patch). */
  imagePlace: FileRange | null;
  policyPlace: FileRange | null;
  changes: ImageChange[];
}

/** Traces keyed by the container object itself, so they follow it through merges and moves. */
const traces = new WeakMap<object, ContainerTrace>();

export function traceOf(container: PlainObject): ContainerTrace {
  let trace = traces.get(container);
  if (!trace) {
    trace = { imagePlace: placeOfField(container, 'image'), policyPlace: placeOfField(container, 'imagePullPolicy'), changes: [] };
    traces.set(container, trace);
  }
  return trace;
}

export function stringField(object: unknown, key: string): string {
  if (!isPlainObject(object)) {
    return '';
  }
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

export function metadataOf(object: PlainObject): PlainObject | null {
  const metadata = object.metadata;
  return isPlainObject(metadata) ? metadata : null;
}

export function currentId(object: PlainObject): ResourceId {
  const apiVersion = stringField(object, 'apiVersion');
  const slash = apiVersion.indexOf('/');
  const metadata = metadataOf(object);
  return {
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    kind: stringField(object, 'kind'),
    name: stringField(metadata, 'name'),
    namespace: stringField(metadata, 'namespace'),
  };
}

/** The identity the resource had first (kustomize's `OrgId`). */
export function originalId(resource: Resource): ResourceId {
  return resource.previousIds[0] ?? currentId(resource.object);
}

/** Remembers the current identity before a transformer renames the resource (kustomize's `StorePreviousId`). */
export function storePreviousId(resource: Resource): void {
  resource.previousIds.push(currentId(resource.object));
}

/** Namespaces compare as kustomize's `IsNsEquals`: empty means `default`. */
export function sameNamespace(a: string, b: string): boolean {
  return (a === '' ? 'default' : a) === (b === '' ? 'default' : b);
}
