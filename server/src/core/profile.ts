import picomatch from 'picomatch';
import type { FileAnalysis, Profile } from './model';
import type { AnalysisSettings } from './settings';
import { BUILT_IN_PROFILE_WORDS } from './settings';

type Matcher = { test: (path: string) => boolean; profile: Profile; pattern: string };
const compiled = new WeakMap<AnalysisSettings['profiles'], Matcher[]>();

function matchersFor(patterns: AnalysisSettings['profiles']): Matcher[] {
  let matchers = compiled.get(patterns);
  if (!matchers) {
    matchers = patterns.map(({ pattern, profile }) => {
      try {
        // Patterns without a slash match the file name anywhere, like .gitignore.
        const test = picomatch(pattern, { dot: true, nocase: true, basename: !pattern.includes('/') });
        return { test, profile, pattern };
      } catch {
        return { test: () => false, profile, pattern };
      }
    });
    compiled.set(patterns, matchers);
  }
  return matchers;
}

export interface ResolvedProfile {
  profile: Profile;
  source: FileAnalysis['profileSource'];
  /** Which rule chose it, in words, for hovers and `images`. */
  reason: string;
}

/**
 * The environment profile for a file: an explicit override (the editor's "set
 * profile" command or the CLI's --profile) wins, then a `# kube-image-lens:
 * profile=…` comment, then the first matching user glob, then a built-in
 * profile word of the path, then the default. `path` is relative to the
 * project root, so folders above the project never decide.
 */
export function resolveProfile(path: string, fromComment: Profile | null, settings: AnalysisSettings, override?: Profile): ResolvedProfile {
  if (override) {
    return { profile: override, source: 'override', reason: 'chosen for this file' };
  }
  if (fromComment) {
    return { profile: fromComment, source: 'comment', reason: 'set by a comment in this file' };
  }
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const match = matchersFor(settings.profiles).find((matcher) => matcher.test(normalized));
  if (match) {
    return { profile: match.profile, source: 'pattern', reason: `the path matches the pattern \`${match.pattern}\` of the settings` };
  }
  const builtIn = builtInProfile(normalized);
  if (builtIn) {
    return { profile: builtIn.profile, source: 'pattern', reason: `the path has the word \`${builtIn.word}\` (built-in rule)` };
  }
  return { profile: settings.defaultProfile, source: 'default', reason: 'the default profile: no comment, pattern or path word decides' };
}

/** The first built-in profile with a word among the path's words (split at `/`, `-`, `_`, `.` and any other non-alphanumeric character). */
function builtInProfile(path: string): { profile: Profile; word: string } | null {
  const words = new Set(path.toLowerCase().split(/[^a-z0-9]+/));
  for (const { profile, words: profileWords } of BUILT_IN_PROFILE_WORDS) {
    const word = profileWords.find((candidate) => words.has(candidate));
    if (word !== undefined) {
      return { profile, word };
    }
  }
  return null;
}
