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

/** Built-in patterns, tried after the user's: a path segment naming the environment decides. */
export const DEFAULT_PROFILE_PATTERNS: AnalysisSettings['profiles'] = [
  { pattern: '**/*{prod,production}*{,/**}', profile: 'prod' },
  { pattern: '**/*{stag,staging,stage}*{,/**}', profile: 'staging' },
  { pattern: '**/*{dev,development,local,kind,minikube}*{,/**}', profile: 'dev' },
];

export const DEFAULT_SETTINGS: AnalysisSettings = {
  profiles: [],
  defaultProfile: 'staging',
  severities: {},
  mutableTagPatterns: [],
  alwaysPullImagesAdmission: false,
};
