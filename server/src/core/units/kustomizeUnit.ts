import type { EditTarget, ImageOccurrence, PinMode, Profile, Range } from '../model';
import { DIGEST_PLACEHOLDER } from '../model';
import type { BuiltContainer, KustomizeBuild } from '../kustomize/buildResult';
import type { PatchChange } from '../kustomize/resource';
import { buildKustomization } from '../kustomize/build';
import { overlayEnvironment } from '../kustomize/environment';
import type { FileAccess } from '../kustomize/fileAccess';
import { pinEdits } from '../kustomize/pinEdits';
import { placeholderOf } from '../placeholders';
import type { AnalysisSettings } from '../settings';
import type { UnitAnalysis, UnitEnvironment } from './unitAnalysis';
import { unitOccurrence } from './unitOccurrence';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface KustomizeUnitInput {
  files: FileAccess;
  /** The kustomization's folder, as the file access names it. */
  directory: string;
  /** The folder relative to the project root (`overlays/prod`): names the environment and chooses its profile. */
  relativeDirectory: string;
  settings: AnalysisSettings;
  /** The CLI's --profile, before every other rule. */
  profileOverride?: Profile;
}

/**
 * A kustomization as a unit: the containers it deploys after every patch and
 * `images:` entry, each reported where the fix goes (the overlay's entry that
 * produced the image, else the patch that last set it, else the resource line) and pinned into the overlay's
 * `images:` (never into a shared base). Null when the folder has no kustomization.
 */
export function kustomizeUnit(input: KustomizeUnitInput): UnitAnalysis | null {
  const { files, directory, settings } = input;
  const build = buildKustomization(files, directory, { policy: { alwaysPullImagesAdmission: settings.alwaysPullImagesAdmission } });
  if (build.kustomizationFile === null) {
    return null;
  }
  const name = input.relativeDirectory === '' ? '.' : input.relativeDirectory;
  const kustomizationPath = `${input.relativeDirectory === '' ? '' : `${input.relativeDirectory}/`}${baseName(build.kustomizationFile)}`;
  const { profile, source } = overlayEnvironment(kustomizationPath, settings, input.profileOverride);
  const environment: UnitEnvironment = { name, profile, profileReason: PROFILE_REASONS[source] };
  const overlay = { file: build.kustomizationFile, text: files.readText(build.kustomizationFile) ?? '' };
  return {
    kind: 'kustomize',
    root: directory,
    environments: [environment],
    images: build.containers.map((container) => occurrenceOf(container, build, name, overlay)),
    problems: build.problems.map((problem) => ({
      file: problem.file,
      range: problem.range,
      severity: problem.affectsImages ? 'warning' : 'info',
      message: problem.message,
    })),
    filesRead: build.filesRead,
    covers: [...new Set(build.resources.map((resource) => resource.origin.file))],
  };
}

const PROFILE_REASONS: Record<string, string> = {
  pattern: 'from the overlay path',
  default: 'the default profile',
  comment: 'from a profile comment',
  override: 'chosen by the user',
};

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function occurrenceOf(container: BuiltContainer, build: KustomizeBuild, environment: string, overlay: { file: string; text: string }): ImageOccurrence {
  const entry = container.imagesEntry;
  const entryField = entry ? (entry.entry.newTag ?? entry.entry.digest ?? entry.entry.newName ?? entry.entry.name) : null;
  // The last change of the image is where the deployed value is fixed: an `images:` entry, a patch, or the resource line.
  const lastChange = [...container.changes].reverse().find((change) => change.kind === 'images' || change.field === 'image');
  const patched = lastChange?.kind === 'patch' ? lastChange.place : null;
  const primary = entry && entryField && !patched ? { file: entry.kustomizationFile, range: entryField.range } : (patched ?? container.imagePlace ?? { file: build.kustomizationFile ?? '', range: START });
  const origin = { ...(container.imagePlace ?? primary), image: writtenImage(container) };
  const unresolved = placeholderOf(container.image, container.resource);
  const policyHere = container.policyPlace && container.policyPlace.file === primary.file ? container.policyPlace.range : null;
  const policyPatch = [...container.changes].reverse().find((change): change is PatchChange => change.kind === 'patch' && change.field === 'imagePullPolicy');
  return unitOccurrence(container, {
    source: 'kustomize',
    environment,
    primary,
    origin,
    editTargets: unresolved ? [] : editTargetsOf(container, overlay),
    unresolved,
    policyKeyRange: null,
    policyValueRange: policyHere,
    ...(policyPatch ? { policyPatch: policyPatch.place } : {}),
    documentIndex: 0,
  });
}

/** The overlay's `images:` entry, with the edits of each pin mode laid out by the kustomize core. */
function editTargetsOf(container: BuiltContainer, overlay: { file: string; text: string }): EditTarget[] {
  const modes: PinMode[] = ['keepTag', 'digestOnly'];
  const edits = modes.map((mode) => pinEdits(container, DIGEST_PLACEHOLDER, mode, overlay));
  const [keepTag, digestOnly] = edits;
  if (!keepTag?.ok || !digestOnly?.ok) {
    return [];
  }
  const own = container.imagesEntry?.kustomizationFile === overlay.file ? container.imagesEntry.entry.range : null;
  const strip = (list: typeof keepTag.edits) => list.map(({ range, newText }) => ({ range, newText }));
  return [
    {
      file: overlay.file,
      range: own ?? keepTag.edits[0]?.range ?? START,
      kind: 'kustomize-image',
      pinEdits: { keepTag: strip(keepTag.edits), digestOnly: strip(digestOnly.edits) },
    },
  ];
}

/** The image as the resource (or the patch that added the container) writes it, before any change. */
function writtenImage(container: BuiltContainer): string {
  const first = container.changes.find((change) => change.kind === 'images' || change.field === 'image');
  return first?.before ?? first?.after ?? container.image;
}
