import type { FileAnalysis, ImageOccurrence, Position, Range } from './model';
import { isMutableTag } from './evaluateRules';
import type { AnalysisSettings } from './settings';

/** Anything the adapters know beyond the text, such as a cached registry lookup, appended as extra sections. */
export interface HoverExtras {
  sections?: string[];
}

export interface HoverResult {
  markdown: string;
  range: Range;
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The image whose value, policy key or policy value is under the position. */
export function imageAt(analysis: FileAnalysis, position: Position): { image: ImageOccurrence; index: number; range: Range } | null {
  for (let index = 0; index < analysis.images.length; index++) {
    const image = analysis.images[index] as ImageOccurrence;
    for (const range of [image.range, image.policyKeyRange, image.policyValueRange]) {
      if (range && contains(range, position)) {
        return { image, index, range };
      }
    }
  }
  return null;
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

/**
 * Markdown for a hover on an image or its pull policy: the reference broken
 * down, the effective policy and the rule behind it, what the kubelet will do,
 * and advice for the file's profile. Plain lists, so it reads well in VS Code
 * and in terminal editors alike.
 */
export function hoverMarkdown(analysis: FileAnalysis, image: ImageOccurrence, settings: AnalysisSettings, extras: HoverExtras = {}): string {
  const parts: string[] = [];
  const ref = image.reference;
  parts.push(`**Image** ${code(image.image || '(empty)')}`);
  if (image.unresolved) {
    parts.push(image.unresolved.explanation);
  } else if (ref.valid) {
    const registry = ref.domain === 'docker.io' ? `${code('docker.io')} (Docker Hub)` : code(ref.domain ?? '');
    parts.push(
      [
        `- Registry: ${registry}`,
        `- Repository: ${code(ref.path ?? '')}`,
        `- Tag: ${ref.tag !== null ? code(ref.tag) : ref.digest ? 'none (the digest decides)' : `none, which means ${code('latest')}`}`,
        `- Digest: ${ref.digest !== null ? code(ref.digest) : 'none (the tag can point at a different build tomorrow)'}`,
        `- Full name: ${code(ref.normalized ?? '')}`,
      ].join('\n'),
    );
  } else {
    parts.push(`**Invalid reference:** ${ref.error ?? 'invalid reference format'}. The container would fail with ${code('InvalidImageName')}.`);
  }

  const policy = image.pullPolicy;
  const effective = policy.effective;
  if (effective) {
    const how = policy.rule === 'admission-always-pull' ? 'forced by admission' : policy.defaulted ? 'defaulted' : 'explicit';
    parts.push(`**Pull policy: ${code(effective)}** (${how})  \n${capitalize(policy.explanation)}`);
  } else {
    parts.push(`**Pull policy:** ${capitalize(policy.explanation)}`);
  }
  if (policy.defaulted && policy.rule !== 'admission-always-pull') {
    parts.push(
      'The API server writes this default into the stored object when it is created and does not recompute it when the tag changes later: an object first created with `:latest` keeps `Always`. Set `imagePullPolicy` explicitly to be sure.',
    );
  }
  const kubelet = kubeletBehaviour(image, settings);
  if (kubelet) {
    parts.push(`**Next pod start:** ${kubelet}`);
  }
  parts.push(`**Profile ${code(analysis.profile)}** (${analysis.profileReason}): ${advice(analysis, image, settings)}`);
  for (const section of extras.sections ?? []) {
    parts.push(section);
  }
  return parts.join('\n\n');
}

function kubeletBehaviour(image: ImageOccurrence, settings: AnalysisSettings): string | null {
  const ref = image.reference;
  const pinned = ref.digest !== null;
  switch (image.pullPolicy.effective) {
    case 'Always': {
      const hub =
        ref.domain === 'docker.io' && !pinned
          ? ' Docker Hub allows anonymous clients about 100 pulls per 6 hours per IP, so busy clusters hit 429 Too Many Requests.'
          : '';
      return `the kubelet asks the registry for the current digest of ${code(ref.familiar ?? image.image)} on every container start. Layers the node already has are reused, so this is cheap when nothing changed, but the start fails with ${code('ErrImagePull')} / ${code('ImagePullBackOff')} while the registry is unreachable or rate-limiting.${hub}`;
    }
    case 'IfNotPresent':
      if (pinned) {
        return 'the kubelet uses the copy on the node when it has this digest, and pulls it otherwise. The digest names exactly one build, so a cached copy is always the right one.';
      }
      return isMutableTag(image, settings)
        ? 'the kubelet uses whatever image the node already has under this tag and pulls only when it has none. A new push to the same tag is **not** picked up by nodes that have the old one, and nothing reports it.'
        : 'the kubelet uses the copy on the node when it has this tag, and pulls it otherwise. If the tag is ever re-pushed, nodes with the old copy keep running it.';
    case 'Never':
      return `the kubelet never pulls: the image must already be on the node (${code('kind load')}, ${code('minikube image load')}, pre-pulled), otherwise the container fails with ${code('ErrImageNeverPull')}.`;
    default:
      return null;
  }
}

function advice(analysis: FileAnalysis, image: ImageOccurrence, settings: AnalysisSettings): string {
  const mutable = isMutableTag(image, settings);
  const pinned = image.reference.digest !== null;
  switch (analysis.profile) {
    case 'dev':
      return mutable
        ? 'a moving tag is fine for a fast loop; use `Always` to see every push, or `Never` with images loaded into a local cluster.'
        : 'any tag works; `Always` makes every push visible after a restart.';
    case 'staging':
      return pinned
        ? 'pinned by digest: reproducible.'
        : 'test what you will ship: a release-candidate tag (e.g. `1.2.0-rc.1`) or a digest, with `IfNotPresent` or `Always`.';
    case 'prod':
      return pinned
        ? 'pinned by digest with `IfNotPresent`: reproducible, and restarts do not depend on the registry.'
        : 'use an immutable version tag or, better, a digest with `IfNotPresent`, so every node runs the same build and restarts do not depend on the registry.';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
