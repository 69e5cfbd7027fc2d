import type { DeployedContainer, Position, ResourceInfo } from '../model';
import type { ImageEntry } from './kustomizationFile';
import type { KustomizeProblem } from './problems';
import type { ImageChange, PatchChange } from './resource';
import type { FileRange } from './sourceText';

/** One object of the built output. */
export interface BuiltResource {
  /** As rendered: name with prefixes/suffixes, namespace as set by `namespace:`. */
  resource: ResourceInfo;
  /** The file (and `---` document) the object was read from. */
  origin: { file: string; documentIndex: number };
}

/** The `images:` entry that produced a container's deployed image, with the places an edit needs. */
export interface ImagesEntryProvenance {
  kustomizationFile: string;
  entry: ImageEntry;
  /** The image before and after this entry. */
  before: string;
  after: string;
  /** Where a new `digest:` goes: insert `prefix + "digest: " + value` at `position` (block style: a new line with the entry's indentation; flow style: `, `). */
  digestInsertion: { position: Position; prefix: string };
}

/** One container of the built output: `image` is what kustomize writes, after every patch and `images:` entry. */
export interface BuiltContainer extends DeployedContainer {
  /** Index into `KustomizeBuild.resources`. */
  resourceIndex: number;
  /** Where the image was first written: the resource line in its file (or a patch that added the container). */
  imagePlace: FileRange | null;
  /** Where the final `imagePullPolicy` is written, if anywhere. */
  policyPlace: FileRange | null;
  /** The last `images:` entry that changed the image, if any. */
  imagesEntry: ImagesEntryProvenance | null;
  /** The last patch that set the image, if any (a later `images:` entry may still change it). */
  imagePatch: PatchChange | null;
  /** Every change, in the order kustomize made them. */
  changes: ImageChange[];
}

export interface KustomizeBuild {
  directory: string;
  /** The kustomization file read for `directory`, or null when there is none. */
  kustomizationFile: string | null;
  resources: BuiltResource[];
  containers: BuiltContainer[];
  /** Every file the build read or looked for (kustomizations, resources, patches), for re-building on change. */
  filesRead: string[];
  problems: KustomizeProblem[];
}

