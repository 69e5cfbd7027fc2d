import type { Finding, ImageOccurrence, Profile, RuleCode, Severity } from './model';
import { canonicalPolicyCase } from './policy/effectivePullPolicy';
import { RULES } from './rules';
import type { AnalysisSettings } from './settings';

const compiledPatterns = new WeakMap<readonly string[], RegExp[]>();

function mutablePatterns(settings: AnalysisSettings): RegExp[] {
  let patterns = compiledPatterns.get(settings.mutableTagPatterns);
  if (!patterns) {
    patterns = settings.mutableTagPatterns.flatMap((source) => {
      try {
        return [new RegExp(`^(?:${source})$`)];
      } catch {
        return [];
      }
    });
    compiledPatterns.set(settings.mutableTagPatterns, patterns);
  }
  return patterns;
}

/** A tag that names whatever was pushed last: latest, none at all, or a configured pattern; a digest makes any tag immutable. */
export function isMutableTag(image: ImageOccurrence, settings: AnalysisSettings): boolean {
  const { reference } = image;
  if (!reference.valid || reference.digest !== null) {
    return false;
  }
  const tag = reference.tag;
  return tag === null || tag === 'latest' || mutablePatterns(settings).some((pattern) => pattern.test(tag));
}

export function severityFor(code: RuleCode, profile: Profile, settings: AnalysisSettings): Severity | null {
  const severity = settings.severities[code] ?? RULES[code].severity[profile];
  return severity === 'off' ? null : severity;
}

function describeTag(image: ImageOccurrence): string {
  const name = image.reference.familiar ?? image.image;
  return image.reference.tag === null ? `${name} (no tag, which means latest)` : name;
}

/** The findings for one image; the profile decides severities. Pure and cheap: no parsing. */
export function evaluateImage(image: ImageOccurrence, imageIndex: number, profile: Profile, settings: AnalysisSettings): Finding[] {
  const findings: Finding[] = [];
  const add = (code: RuleCode, message: string, range = image.range): void => {
    const severity = severityFor(code, profile, settings);
    if (severity) {
      findings.push({ code, severity, message, range, imageIndex });
    }
  };
  const policy = image.pullPolicy;

  if (policy.rule === 'invalid-explicit' && image.policyValueRange) {
    const suggestion = canonicalPolicyCase(policy.explicit ?? '');
    add(
      'invalid-pull-policy',
      `Unsupported imagePullPolicy "${policy.explicit}": the API server rejects the object. Use Always, IfNotPresent or Never${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`,
      image.policyValueRange,
    );
  }
  if (image.unresolved) {
    return findings;
  }
  if (!image.reference.valid) {
    const error = image.reference.error ?? 'invalid reference format';
    add(
      'invalid-image-reference',
      error.startsWith('the image')
        ? `${capitalize(error)}.`
        : `Invalid image reference "${image.image}": ${error}. The API server accepts it, but the container fails on the node with InvalidImageName.`,
    );
    return findings;
  }

  const mutable = isMutableTag(image, settings);
  const effective = policy.effective;
  const where = describeTag(image);
  if (mutable && effective === 'IfNotPresent') {
    add(
      'latest-tag-cached',
      `${where} with IfNotPresent: a node that already has this tag keeps the old build and never pulls a new push. Pin a digest, or set imagePullPolicy: Always and restart the rollout.`,
    );
  } else if (mutable && effective === 'Always' && profile === 'prod' && severityFor('always-pull-latest-prod', profile, settings)) {
    add(
      'always-pull-latest-prod',
      `${where} with Always in prod: every push changes what runs, and pods cannot start while the registry is unreachable. Pin a version tag or digest with IfNotPresent.`,
    );
  } else if (mutable) {
    add('mutable-tag', `${where} names whatever was pushed last; in ${profile}, use a version tag or pin a digest so every node runs the same build.`);
  }
  if (effective === 'Never') {
    add(
      'never-pull-policy',
      `imagePullPolicy: Never in ${profile}: the image must already be on every node, otherwise the container fails with ErrImageNeverPull. Use IfNotPresent with a pushed image.`,
      image.policyValueRange ?? image.range,
    );
  }
  if (image.reference.tag !== null && image.reference.digest !== null) {
    add(
      'tag-ignored-with-digest',
      `The digest decides what runs; the tag "${image.reference.tag}" is ignored and may no longer point at it. Refresh the pin when you change the tag.`,
    );
  }
  return findings;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
