/**
 * Plain data shared by the analysis core and its adapters (LSP, CLI).
 * Nothing here knows about LSP, VS Code or the network; ranges are 0-based
 * line/character positions in UTF-16 code units, like LSP's.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';

export type Profile = 'dev' | 'staging' | 'prod';
export const PROFILES: readonly Profile[] = ['dev', 'staging', 'prod'];

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
export const PULL_POLICIES: readonly PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];

/** What `ParseNormalizedNamed(image)` of distribution/reference yields. */
export interface ReferenceInfo {
  valid: boolean;
  /** Why the reference does not parse, as a sentence; null when valid. */
  error: string | null;
  domain: string | null;
  path: string | null;
  /** The literal tag, or null (no `latest` filled in). */
  tag: string | null;
  digest: string | null;
  /** `String()` of the normalized reference: `docker.io/library/nginx:1.25`. */
  normalized: string | null;
  /** `FamiliarString`: `nginx:1.25`. */
  familiar: string | null;
}

/** Name of the defaulting rule that produced an effective policy. */
export type PolicyRule =
  | 'explicit'
  | 'invalid-explicit'
  | 'default-latest-tag'
  | 'default-no-tag'
  | 'default-other-tag'
  | 'default-digest'
  | 'default-unparsable'
  | 'admission-always-pull'
  /** No policy is written and the image is a placeholder: the default depends on what fills it in. */
  | 'default-pending'
  | 'templated';

export interface PullPolicyInfo {
  /** The literal value written in the manifest, or null when absent. */
  explicit: string | null;
  /** What the cluster will use; null only when the explicit value is invalid (or set by a Helm template). */
  effective: PullPolicy | null;
  /** True when the API server fills the value in. */
  defaulted: boolean;
  rule: PolicyRule;
  /** One sentence naming the rule. */
  explanation: string;
}

export interface ResourceInfo {
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  namespace: string | null;
}

export type ImageSource = 'manifest' | 'helm' | 'kustomize';

/**
 * A place in the workspace. `file` is the adapter's name for a file (a URI in the
 * server, a path in the CLI); null means the file the analysis is about.
 */
export interface SourceLocation {
  file: string | null;
  range: Range;
}

/**
 * What an edit at a target replaces: the whole image reference, one part of it
 * (a Helm values key or kustomize field holding the repository, tag or digest),
 * or a kustomize `images:` entry as a whole (for navigation, never rewritten).
 */
export type EditTargetKind = 'image' | 'repository' | 'tag' | 'digest' | 'kustomize-image';

/** A scalar an edit of the image may change, and what it holds. */
export interface EditTarget extends SourceLocation {
  kind: EditTargetKind;
  /**
   * For sources whose layout needs more than replacing one scalar (a kustomize
   * `images:` entry gains `digest:`, may gain or lose `newTag:`, or is added):
   * the edits of each pin mode, computed by the source, with `DIGEST_PLACEHOLDER`
   * where the digest goes. Files are the target's.
   */
  pinEdits?: Record<PinMode, Array<{ range: Range; newText: string }>>;
}

/** `repo:1.4@sha256:…` (keep the tag for humans) or `repo@sha256:…`. */
export type PinMode = 'keepTag' | 'digestOnly';

/** Stands for the digest in precomputed pin edits; a valid digest, so sources can build their edits as usual. */
export const DIGEST_PLACEHOLDER = `sha256:${'0'.repeat(64)}`;

/** Tools that fill an image in before a pod exists. */
export type PlaceholderTool = 'helm' | 'argo' | 'tekton' | 'ko' | 'envsubst' | 'template';

/** Why an image (or its pull policy) is not known yet: who fills it in, and a sentence for hovers. */
export interface Unresolved {
  tool: PlaceholderTool;
  explanation: string;
}

/** A container as a unit deploys it: rendered by Helm, or built by kustomize after its patches and `images:` entries. */
export interface DeployedContainer {
  resource: ResourceInfo;
  container: string | null;
  /** e.g. `spec.template.spec.containers[0]`. */
  containerPath: string;
  /** The image the cluster gets. */
  image: string;
  reference: ReferenceInfo;
  /** The imagePullPolicy as deployed (null when absent) and what the cluster will use. */
  pullPolicy: PullPolicyInfo;
}

export interface ImageOccurrence {
  /** The file `range` is in (the adapter's name); null: the analysed file. */
  file: string | null;
  /** Where findings about the image are shown: the primary place to fix it. */
  range: Range;
  /** The image as written (scalar value), or the placeholder text. */
  image: string;
  resource: ResourceInfo;
  container: string | null;
  /** e.g. `spec.template.spec.containers[0]`. */
  containerPath: string;
  source: ImageSource;
  /**
   * The text that produced the image (for Helm, the template line; for kustomize, the base resource),
   * and the image as written there when it is a literal (kustomize: before its `images:` entries and patches).
   */
  origin: SourceLocation & { image?: string };
  /** Every place an edit of the image may go; empty when it cannot be edited as text. */
  editTargets: EditTarget[];
  /** The named environment the occurrence belongs to (a Helm values set, a kustomize overlay); null: the file's own profile. */
  environment: string | null;
  /** Set when a tool fills the image or its policy in later, so it cannot be judged as written. */
  unresolved: Unresolved | null;
  reference: ReferenceInfo;
  pullPolicy: PullPolicyInfo;
  /** Range of the `imagePullPolicy` key and its value, when present. */
  policyKeyRange: Range | null;
  policyValueRange: Range | null;
  /** The `imagePullPolicy` value a kustomize patch set last, wherever that patch is (hovers name it). */
  policyPatch?: SourceLocation & { file: string };
  /** Where a new `imagePullPolicy: X` line goes, and with which indentation. */
  policyInsertion: PolicyInsertion | null;
  /** Index of the YAML document (`---` separated) in the file. */
  documentIndex: number;
  /** What the enclosing pod spec says about scheduling and pull secrets; null when there is none (e.g. a Tekton step). */
  pod: PodContext | null;
}

/** The parts of a pod spec that decide whether an image can be pulled and run. */
export interface PodContext {
  /** Values the pod requires for `kubernetes.io/arch` (nodeSelector or required node affinity); empty when unconstrained. */
  architectures: string[];
  /** Values the pod requires for `kubernetes.io/os`; empty when unconstrained. */
  operatingSystems: string[];
  /** The pod spec names at least one `imagePullSecrets` entry. */
  hasImagePullSecrets: boolean;
}

export interface PolicyInsertion {
  /** Insert the text at this position. */
  position: Position;
  /** Text to insert before `imagePullPolicy: <value>` (newline + indentation, or `, ` in flow style). */
  prefix: string;
  /** Text to insert after the value. */
  suffix: string;
}

export type RuleCode =
  | 'invalid-image-reference'
  | 'invalid-pull-policy'
  | 'latest-tag-cached'
  | 'mutable-tag'
  | 'always-pull-latest-prod'
  | 'never-pull-policy'
  | 'tag-ignored-with-digest'
  | RegistryRuleCode;

/** Codes that need a registry lookup; produced only by a user-triggered (or opted-in) registry check. */
export type RegistryRuleCode =
  | 'image-not-found'
  | 'digest-drift'
  | 'platform-digest'
  | 'platform-missing'
  | 'missing-pull-secret'
  | 'registry-auth-required'
  | 'registry-unreachable';

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  range: Range;
  /** Index into FileAnalysis.images of the image the finding is about. */
  imageIndex: number;
  /** Other images the same finding is about (one values key feeding several containers or environments). */
  sharedWith?: number[];
}

/** An in-file suppression comment (see core/directives.ts). */
export interface Suppression {
  /** 0-based line the suppression applies to; null for the whole file. */
  line: number | null;
  /** Codes suppressed; empty means all. */
  codes: RuleCode[];
  reason: string | null;
}

export interface FileAnalysis {
  profile: Profile;
  /** How the profile was chosen, for hovers and the status bar. */
  profileSource: 'comment' | 'pattern' | 'default' | 'override';
  /** Which rule chose the profile, in words (the pattern or path word that matched). */
  profileReason: string;
  images: ImageOccurrence[];
  findings: Finding[];
  /** The file's suppression comments, so findings added later (registry checks) obey them too. */
  suppressions: Suppression[];
  /** YAML documents the parser could not read completely (images after the error may be missing); chart templates are not reported. */
  unreadable: UnreadableYaml[];
}

/**
 * A file's analysis without its images, for reports that only list findings:
 * the images are most of an analysis, so a worker thread spares copying them.
 * Findings' `imageIndex` still count the file's images, `imageCount` of them.
 */
export interface FileFindings extends Omit<FileAnalysis, 'images'> {
  imageCount: number;
}

/** Where and why the YAML parser gave up on a document. */
export interface UnreadableYaml {
  /** The parser's message. */
  message: string;
  /** Where the parser stopped (empty range). */
  range: Range;
  /** The document is a Kubernetes object (not a chart template) and an `image` key follows the error: containers may be missing. */
  mayHideContainers: boolean;
}
