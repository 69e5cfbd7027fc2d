import picomatch from 'picomatch';
import type { FileAnalysis, Profile } from './model';
import type { AnalysisSettings } from './settings';
import { DEFAULT_PROFILE_PATTERNS } from './settings';

type Matcher = { test: (path: string) => boolean; profile: Profile };
const compiled = new WeakMap<AnalysisSettings['profiles'], Matcher[]>();

function matchersFor(patterns: AnalysisSettings['profiles']): Matcher[] {
  let matchers = compiled.get(patterns);
  if (!matchers) {
    matchers = patterns.map(({ pattern, profile }) => {
      try {
        // Patterns without a slash match the file name anywhere, like .gitignore.
        const test = picomatch(pattern, { dot: true, nocase: true, basename: !pattern.includes('/') });
        return { test, profile };
      } catch {
        return { test: () => false, profile };
      }
    });
    compiled.set(patterns, matchers);
  }
  return matchers;
}

export interface ResolvedProfile {
  profile: Profile;
  source: FileAnalysis['profileSource'];
}

/**
 * The environment profile for a file: an explicit override (the editor's "set
 * profile" command or the CLI's --profile) wins, then a `# kube-image-lens:
 * profile=…` comment, then the first matching glob (user patterns before the
 * built-in ones), then the default.
 */
export function resolveProfile(path: string, fromComment: Profile | null, settings: AnalysisSettings, override?: Profile): ResolvedProfile {
  if (override) {
    return { profile: override, source: 'override' };
  }
  if (fromComment) {
    return { profile: fromComment, source: 'comment' };
  }
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const patterns of [settings.profiles, DEFAULT_PROFILE_PATTERNS]) {
    const match = matchersFor(patterns).find((matcher) => matcher.test(normalized));
    if (match) {
      return { profile: match.profile, source: 'pattern' };
    }
  }
  return { profile: settings.defaultProfile, source: 'default' };
}
