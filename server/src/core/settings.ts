import type { Profile, RuleCode, SeverityOrOff } from './model';

/** Everything the analysis needs to know about the user's choices. */
export interface AnalysisSettings {
  /** Glob patterns (matched against the workspace-relative path) → profile; first match wins, before the built-in patterns. */
  profiles: ReadonlyArray<{ pattern: string; profile: Profile }>;
  /** Profile when no comment and no pattern decides. */
  defaultProfile: Profile;
  /** Per-code severity overrides, applied after the profile's defaults. */
  severities: Partial<Record<RuleCode, SeverityOrOff>>;
  /** Extra tags treated like `latest` (regular expressions, whole-tag match), e.g. `main`, `dev-.*`. */
  mutableTagPatterns: readonly string[];
  /** The cluster runs the AlwaysPullImages admission plugin. */
  alwaysPullImagesAdmission: boolean;
}

/**
 * Built-in profile words, tried after the user's patterns, in this order: a
 * whole word of the path naming the environment decides (`overlays/prod/`,
 * `values-prod.yaml`, `staging.yaml`), never a word that merely contains one
 * (`productpage.yaml`, `stefanprodan/`, `localize/`).
 */
export const BUILT_IN_PROFILE_WORDS: ReadonlyArray<{ profile: Profile; words: readonly string[] }> = [
  { profile: 'prod', words: ['prod', 'production'] },
  { profile: 'staging', words: ['staging', 'stage', 'stg'] },
  { profile: 'dev', words: ['dev', 'development', 'local', 'kind', 'minikube'] },
];

export const DEFAULT_SETTINGS: AnalysisSettings = {
  profiles: [],
  defaultProfile: 'staging',
  severities: {},
  mutableTagPatterns: [],
  alwaysPullImagesAdmission: false,
};
