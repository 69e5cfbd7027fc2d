/**
 * Names shared by the language server and the VS Code client: custom requests,
 * notifications and server-side commands. Plain constants and types only, so
 * the client bundle can import this file without pulling in the server.
 */
import type { FileAnalysis, ImageOccurrence, Profile } from '../core/model';

/** The settings section read through `workspace/configuration`. */
export const SETTINGS_SECTION = 'kubeImageLens';

/**
 * Commands the server executes (`workspace/executeCommand`). They take explicit
 * arguments; the client's palette commands (`kubeImageLens.*`) fill those in from
 * the active editor and call these.
 */
export const ServerCommands = {
  /** args: [PinImageArgs] */
  pinImage: 'kubeImageLens.server.pinImage',
  /** args: [{ uri: string }] */
  pinAllInFile: 'kubeImageLens.server.pinAllInFile',
  /** args: [] */
  pinAllInWorkspace: 'kubeImageLens.server.pinAllInWorkspace',
  /** args: [{ uri?: string }] — registry check of one open file, or of every file of the workspace (open ones and the project index) */
  checkRegistry: 'kubeImageLens.server.checkRegistry',
  /** args: [] */
  clearRegistryCache: 'kubeImageLens.server.clearRegistryCache',
} as const;

export interface PinImageArgs {
  uri: string;
  /** Position of the image scalar (its range start). */
  line: number;
  character: number;
  mode?: 'keepTag' | 'digestOnly';
}

/** Summary returned by the pin commands. */
export interface PinSummary {
  pinned: number;
  alreadyPinned: number;
  failed: Array<{ uri: string; image: string; reason: string }>;
}

/** Request client → server: every image in the workspace (open documents and files on disk). */
export const WorkspaceImagesRequest = 'kubeImageLens/workspaceImages';
export interface WorkspaceImagesResult {
  files: Array<{
    uri: string;
    profile: Profile;
    images: Array<WorkspaceImage>;
  }>;
  /** Files and folders that could not be read or were too large (the other files are listed all the same). */
  failed: Array<{ uri: string; message: string }>;
  /** The charts and kustomizations whose images some file shows, with their environments in order. */
  units: WorkspaceUnit[];
}
export interface WorkspaceUnit {
  /** The chart's or kustomization's folder. */
  uri: string;
  kind: 'helm' | 'kustomize';
  environments: Array<{ name: string; profile: Profile }>;
}
export interface WorkspaceImage {
  /** The unit (its folder's URI, as in `units`) that deploys this image, and in which environment; null for a plain manifest's image. */
  unit: string | null;
  environment: string | null;
  image: string;
  range: ImageOccurrence['range'];
  resource: ImageOccurrence['resource'];
  container: string | null;
  effectivePolicy: ImageOccurrence['pullPolicy']['effective'];
  defaulted: boolean;
  pinned: boolean;
  findingCount: number;
}

/** Notification client → server: the user chose a profile for one file (null clears it). */
export const SetProfileOverrideNotification = 'kubeImageLens/setProfileOverride';
export interface SetProfileOverrideParams {
  uri: string;
  profile: Profile | null;
}

/** Notification server → client: the profile in force for an analysed file. */
export const FileStatusNotification = 'kubeImageLens/fileStatus';
export interface FileStatusParams {
  uri: string;
  profile: Profile;
  profileSource: FileAnalysis['profileSource'];
  imageCount: number;
}

/** Notification server → client: what the registry side is doing. */
export const RegistryStatusNotification = 'kubeImageLens/registryStatus';
export interface RegistryStatusParams {
  state: 'idle' | 'busy' | 'offline' | 'disabled';
  /** Hosts for which credentials were found and used (never the credentials). */
  signedInHosts: string[];
  /** Human-readable detail, e.g. why lookups are disabled. */
  detail?: string;
}

/** Notification client → server: editor facts the server cannot read itself (proxy, workspace trust). Also sent as `initializationOptions.environment`. */
export const EnvironmentNotification = 'kubeImageLens/environment';
export interface EnvironmentParams {
  proxy?: string;
  proxyStrictSSL: boolean;
  noProxy: string[];
  /** Workspace trust: registry lookups are disabled while false. */
  trusted: boolean;
}
