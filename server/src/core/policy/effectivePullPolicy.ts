import type { PullPolicy, PullPolicyInfo, ReferenceInfo } from '../model';
import { PULL_POLICIES } from '../model';

/**
 * The value written under `imagePullPolicy`, as the YAML holds it: absent/null,
 * a string, or a non-string scalar (which the API server cannot decode).
 */
export type WrittenPolicy = { kind: 'absent' } | { kind: 'string'; value: string } | { kind: 'non-string'; source: string };

export interface PolicyContext {
  /** The cluster runs the AlwaysPullImages admission plugin. */
  alwaysPullImagesAdmission: boolean;
}

export function isPullPolicy(value: string): value is PullPolicy {
  return (PULL_POLICIES as readonly string[]).includes(value);
}

/** The valid policy a wrongly cased value was meant to be (`always` → `Always`), if any. */
export function canonicalPolicyCase(value: string): PullPolicy | null {
  const lower = value.trim().toLowerCase();
  return PULL_POLICIES.find((policy) => policy.toLowerCase() === lower) ?? null;
}

/**
 * What the cluster will use, following Kubernetes' `SetDefaults_Container`
 * (pkg/apis/core/v1/defaults.go): when the field is empty, the API server parses
 * the image with `parsers.ParseImageName` (errors ignored) and writes `Always`
 * only when the resulting tag is `latest` — which the parser fills in when the
 * reference has neither tag nor digest. Everything else becomes `IfNotPresent`.
 */
export function effectivePullPolicy(reference: ReferenceInfo, written: WrittenPolicy, context: PolicyContext): PullPolicyInfo {
  const explicit = written.kind === 'absent' ? null : written.kind === 'string' ? written.value : written.source;
  const defaulted = written.kind === 'absent' || (written.kind === 'string' && written.value === '');

  if (context.alwaysPullImagesAdmission) {
    return {
      explicit,
      effective: 'Always',
      defaulted,
      rule: 'admission-always-pull',
      explanation:
        'The AlwaysPullImages admission plugin rewrites every container to Always when the pod is created, whatever the manifest says.',
    };
  }

  if (!defaulted) {
    const value = written.kind === 'string' ? written.value : written.source;
    if (written.kind === 'string' && isPullPolicy(value)) {
      return { explicit, effective: value, defaulted: false, rule: 'explicit', explanation: `Set explicitly to ${value} in the manifest.` };
    }
    return {
      explicit,
      effective: null,
      defaulted: false,
      rule: 'invalid-explicit',
      explanation: `"${value}" is not a valid pull policy; the API server rejects the object (supported values: "Always", "IfNotPresent", "Never").`,
    };
  }

  const emptyNote = explicit === '' ? 'imagePullPolicy is an empty string, which counts as unset; ' : '';
  if (!reference.valid) {
    return {
      explicit,
      effective: 'IfNotPresent',
      defaulted: true,
      rule: 'default-unparsable',
      explanation: `${emptyNote}the API server defaults it to IfNotPresent because the image does not parse, so no "latest" tag is found.`,
    };
  }
  // `parsers.ParseImageName` = ParseNormalizedNamed, with "latest" filled in
  // only when there is neither a tag nor a digest.
  const tag = reference.tag ?? (reference.digest ? '' : 'latest');
  if (tag === 'latest') {
    return reference.tag === null
      ? {
          explicit,
          effective: 'Always',
          defaulted: true,
          rule: 'default-no-tag',
          explanation: `${emptyNote}the API server defaults it to Always because the image has no tag and no digest, which means "latest".`,
        }
      : {
          explicit,
          effective: 'Always',
          defaulted: true,
          rule: 'default-latest-tag',
          explanation: `${emptyNote}the API server defaults it to Always because the tag is "latest"${reference.digest ? ' (the digest does not change this rule)' : ''}.`,
        };
  }
  if (tag === '') {
    return {
      explicit,
      effective: 'IfNotPresent',
      defaulted: true,
      rule: 'default-digest',
      explanation: `${emptyNote}the API server defaults it to IfNotPresent because the image is pinned by digest.`,
    };
  }
  return {
    explicit,
    effective: 'IfNotPresent',
    defaulted: true,
    rule: 'default-other-tag',
    explanation: `${emptyNote}the API server defaults it to IfNotPresent because the tag "${tag}" is not "latest".`,
  };
}

