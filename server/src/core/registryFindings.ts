import type { FileAnalysis, Finding, ImageOccurrence, Profile, RuleCode } from './model';
import { isSuppressed } from './directives';
import { severityFor } from './evaluateRules';
import type { AnalysisSettings } from './settings';

export interface PlatformInfo {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
}

/** A manifest as the registry described it. */
export interface ManifestFacts {
  digest: string;
  isIndex: boolean;
  /** The index's platforms; null for a single-platform manifest. */
  platforms: PlatformInfo[] | null;
}

/**
 * What a registry lookup found for one image: plain data, produced by an adapter
 * that talks to the registry, judged here without any network.
 */
export type RegistryObservation =
  | {
      outcome: 'resolved';
      /** What the tag points at now; null for a digest-only reference. */
      tag: ManifestFacts | null;
      /** The manifest the reference pins; null when it has no digest. */
      pinned: ManifestFacts | null;
      /** The registry required credentials for this repository. */
      authenticated: boolean;
      checkedAt: number;
    }
  | { outcome: 'not-found' | 'auth-required' | 'unreachable'; message: string; checkedAt: number };

function platformName(platform: Pick<PlatformInfo, 'os' | 'architecture' | 'variant'>): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** The findings a registry observation supports for one image. */
export function registryFindings(
  image: ImageOccurrence,
  imageIndex: number,
  observation: RegistryObservation,
  profile: Profile,
  settings: AnalysisSettings,
): Finding[] {
  const findings: Finding[] = [];
  const add = (code: RuleCode, message: string): void => {
    const severity = severityFor(code, profile, settings);
    if (severity) {
      findings.push({ code, severity, message, range: image.range, imageIndex });
    }
  };
  const name = image.reference.familiar ?? image.image;

  switch (observation.outcome) {
    case 'not-found':
      add('image-not-found', `${observation.message} Pods would fail with ErrImagePull, then ImagePullBackOff.`);
      return findings;
    case 'auth-required':
      add('registry-auth-required', `Could not check ${name}: ${observation.message}`);
      return findings;
    case 'unreachable':
      add('registry-unreachable', `Could not check ${name}: ${observation.message}`);
      return findings;
  }

  const { tag, pinned } = observation;
  if (tag && pinned && tag.digest !== pinned.digest) {
    const child = tag.platforms?.find((platform) => platform.digest === pinned.digest);
    if (child) {
      add(
        'platform-digest',
        `The pinned digest is the ${platformName(child)} manifest of the multi-arch index ${tag.digest}; nodes of other architectures cannot run it. Pin the index digest.`,
      );
    } else {
      add(
        'digest-drift',
        `The tag "${image.reference.tag}" now points at ${tag.digest}, not the pinned ${pinned.digest}. The cluster keeps running the pinned build; refresh the pin if you meant the newer one.`,
      );
    }
  }

  // What will actually run: the pinned manifest when there is one, else the tag's.
  const running = pinned ?? tag;
  const platforms = running?.platforms;
  if (platforms && image.pod) {
    const architectures = new Set(platforms.map((platform) => platform.architecture));
    const systems = new Set(platforms.map((platform) => platform.os));
    const missing = [
      ...image.pod.architectures.filter((arch) => !architectures.has(arch)).map((arch) => `kubernetes.io/arch=${arch}`),
      ...image.pod.operatingSystems.filter((os) => !systems.has(os)).map((os) => `kubernetes.io/os=${os}`),
    ];
    if (missing.length > 0) {
      add(
        'platform-missing',
        `The pod asks for ${missing.join(', ')} but ${name} has manifests only for ${platforms.map(platformName).join(', ')}: the container would fail on every such node.`,
      );
    }
  }

  if (observation.authenticated && image.pod && !image.pod.hasImagePullSecrets) {
    add(
      'missing-pull-secret',
      `The registry needed credentials for ${name}, but the pod names no imagePullSecrets; nodes pull anonymously unless a ServiceAccount or node credentials supply them.`,
    );
  }
  return findings;
}

/**
 * The registry findings of a whole file, image by image (`observationOf` returns
 * null for images not looked up), minus those the file's suppression comments silence.
 */
export function fileRegistryFindings(
  analysis: FileAnalysis,
  observationOf: (image: ImageOccurrence, index: number) => RegistryObservation | null | undefined,
  settings: AnalysisSettings,
): Finding[] {
  return analysis.images.flatMap((image, index) => {
    const observation = observationOf(image, index);
    return observation
      ? registryFindings(image, index, observation, analysis.profile, settings).filter(
          (finding) => !isSuppressed(analysis.suppressions, finding.code, finding.range.start.line),
        )
      : [];
  });
}
