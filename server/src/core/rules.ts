import type { Profile, RuleCode, SeverityOrOff } from './model';

export interface RuleDefinition {
  code: RuleCode;
  title: string;
  /** One paragraph for docs, SARIF and hovers. */
  description: string;
  severity: Record<Profile, SeverityOrOff>;
}

const everywhere = (severity: SeverityOrOff): Record<Profile, SeverityOrOff> => ({ dev: severity, staging: severity, prod: severity });

/** The catalogue: one entry per diagnostic code, driving diagnostics, docs links, SARIF and settings. */
export const RULES: Record<RuleCode, RuleDefinition> = {
  'invalid-image-reference': {
    code: 'invalid-image-reference',
    title: 'Invalid image reference',
    description:
      'The image does not parse as a container image reference. The API server stores it, but the kubelet cannot pull it and the container fails with InvalidImageName.',
    severity: everywhere('error'),
  },
  'invalid-pull-policy': {
    code: 'invalid-pull-policy',
    title: 'Invalid imagePullPolicy',
    description:
      'imagePullPolicy must be exactly Always, IfNotPresent or Never (case-sensitive). Any other value is rejected by the API server with "Unsupported value".',
    severity: everywhere('error'),
  },
  'latest-tag-cached': {
    code: 'latest-tag-cached',
    title: 'Mutable tag with IfNotPresent',
    description:
      'The tag is mutable (latest, no tag, or a configured mutable pattern) and the policy is IfNotPresent: a node that already has an image under this name keeps running it, so a new push is silently never pulled.',
    severity: { dev: 'info', staging: 'warning', prod: 'error' },
  },
  'mutable-tag': {
    code: 'mutable-tag',
    title: 'Mutable tag outside development',
    description:
      'latest, a missing tag, or a configured mutable tag names whatever was pushed last. Outside development, use an immutable version tag or a digest so every node runs the same build.',
    severity: { dev: 'off', staging: 'warning', prod: 'warning' },
  },
  'always-pull-latest-prod': {
    code: 'always-pull-latest-prod',
    title: 'latest with Always in prod',
    description:
      'In prod, a mutable tag pulled on every start means any push changes what runs, and pods cannot start while the registry is unreachable or rate-limiting.',
    severity: { dev: 'off', staging: 'off', prod: 'error' },
  },
  'never-pull-policy': {
    code: 'never-pull-policy',
    title: 'Never outside development',
    description:
      'With Never the kubelet never pulls: the image must already be on every node the pod can land on, otherwise the container fails with ErrImageNeverPull.',
    severity: { dev: 'off', staging: 'warning', prod: 'warning' },
  },
  'tag-ignored-with-digest': {
    code: 'tag-ignored-with-digest',
    title: 'Tag ignored because a digest is given',
    description:
      'When a reference has both a tag and a digest, the runtime pulls the digest and ignores the tag; the tag is only a label for readers and may no longer point at this digest.',
    severity: everywhere('info'),
  },
  'image-not-found': {
    code: 'image-not-found',
    title: 'Image not found in the registry',
    description:
      'The registry has no such tag or repository (checked on request). Pods would fail with ErrImagePull and then ImagePullBackOff, retrying with a delay that doubles up to five minutes.',
    severity: everywhere('error'),
  },
  'digest-drift': {
    code: 'digest-drift',
    title: 'Pinned digest differs from the tag',
    description:
      'The reference names both a tag and a digest, and the tag now points at a different digest. The cluster runs the pinned digest; refresh the pin if you meant the newer build.',
    severity: everywhere('warning'),
  },
  'platform-digest': {
    code: 'platform-digest',
    title: 'Single-platform digest of a multi-arch image',
    description:
      "The pinned digest is one platform's manifest while the tag is a multi-architecture index: nodes of other architectures cannot run it. Pin the index digest.",
    severity: everywhere('warning'),
  },
  'platform-missing': {
    code: 'platform-missing',
    title: "Image lacks the pod's platform",
    description:
      "The pod's nodeSelector or required node affinity asks for an architecture or OS that the image has no manifest for; the container would fail on every such node.",
    severity: everywhere('error'),
  },
  'missing-pull-secret': {
    code: 'missing-pull-secret',
    title: 'Registry needs credentials but the pod names no imagePullSecrets',
    description:
      'The lookup needed credentials, and the pod spec lists no imagePullSecrets. Nodes pull anonymously unless a ServiceAccount or node credentials supply them.',
    severity: everywhere('info'),
  },
  'registry-auth-required': {
    code: 'registry-auth-required',
    title: 'Registry lookup needs authentication',
    description: 'The registry refused an anonymous or rejected the configured credentials; the check could not be completed. Log in with `docker login <host>`.',
    severity: everywhere('info'),
  },
  'registry-unreachable': {
    code: 'registry-unreachable',
    title: 'Registry unreachable',
    description: 'The registry could not be reached (network, TLS, timeout or rate limit); the check could not be completed.',
    severity: everywhere('info'),
  },
};

/** The codes whose findings come only from registry lookups. */
export const REGISTRY_RULE_CODES: ReadonlySet<RuleCode> = new Set<RuleCode>([
  'image-not-found',
  'digest-drift',
  'platform-digest',
  'platform-missing',
  'missing-pull-secret',
  'registry-auth-required',
  'registry-unreachable',
]);

export const RULE_CODES = Object.keys(RULES) as RuleCode[];

export const DOCS_BASE_URL = 'https://github.com/kube-image-lens/kube-image-lens/blob/main/README.md';

/** Link to the rule's section in the README (anchor `rule-<code>`). */
export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}#rule-${code}`;
}

export function isRuleCode(value: string): value is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, value);
}
