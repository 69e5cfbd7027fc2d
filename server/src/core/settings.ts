import type { Profile, RuleCode, SeverityOrOff } from './model';
import { PROFILES } from './model';

/** Everything the analysis needs to know about the user's choices. */
export interface AnalysisSettings {
  /** Glob patterns (matched against the workspace-relative path) → profile; first match wins. */
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

export const DEFAULT_PROFILE_PATTERNS: AnalysisSettings['profiles'] = [
  { pattern: '**/*prod*/**', profile: 'prod' },
  { pattern: '**/*prod*', profile: 'prod' },
  { pattern: '**/*stag*/**', profile: 'staging' },
  { pattern: '**/*stag*', profile: 'staging' },
  { pattern: '**/*dev*/**', profile: 'dev' },
  { pattern: '**/*dev*', profile: 'dev' },
  { pattern: '**/*local*', profile: 'dev' },
  { pattern: '**/*kind*', profile: 'dev' },
  { pattern: '**/*minikube*', profile: 'dev' },
];

export const DEFAULT_SETTINGS: AnalysisSettings = {
  profiles: DEFAULT_PROFILE_PATTERNS,
  defaultProfile: 'staging',
  severities: {},
  mutableTagPatterns: [],
  alwaysPullImagesAdmission: false,
};
