import type { Profile, RuleCode, Suppression } from './model';
import { PROFILES } from './model';
import { isRuleCode } from './rules';

/**
 * In-file directives, written as YAML comments so they never reach the cluster:
 *   # kube-image-lens: profile=prod
 *   # kube-image-lens-disable-next-line latest-tag-cached -- loaded into kind by CI
 *   # kube-image-lens-disable mutable-tag -- whole file (no codes: every code)
 */
export interface Directives {
  profile: Profile | null;
  suppressions: Suppression[];
}

const DIRECTIVE = /#\s*kube-image-lens(-disable-next-line|-disable|:)([^\r\n]*)/g;

/** Scans a chunk of text; `firstLine` is the chunk's line in the file. */
export function scanDirectives(text: string, firstLine: number): Directives {
  const result: Directives = { profile: null, suppressions: [] };
  if (!text.includes('kube-image-lens')) {
    return result;
  }
  DIRECTIVE.lastIndex = 0;
  let countedTo = 0;
  let line = firstLine;
  for (let match = DIRECTIVE.exec(text); match !== null; match = DIRECTIVE.exec(text)) {
    const kind = match[1] as string;
    const rest = (match[2] as string).trim();
    if (kind === ':') {
      const profile = /^profile\s*=\s*(\w+)/.exec(rest)?.[1];
      if (profile && (PROFILES as readonly string[]).includes(profile) && result.profile === null) {
        result.profile = profile as Profile;
      }
      continue;
    }
    line += countLines(text, countedTo, match.index);
    countedTo = match.index;
    const [codesPart, ...reasonParts] = rest.split(/\s--\s?|^--\s?/);
    const written = (codesPart ?? '').split(/[\s,]+/).filter((code) => code !== '');
    const codes = written.filter(isRuleCode);
    if (written.length > 0 && codes.length === 0) {
      // Only unknown codes (a typo): suppressing everything instead would hide real problems.
      continue;
    }
    const reason = reasonParts.join(' -- ').trim() || null;
    result.suppressions.push({ line: kind === '-disable-next-line' ? line + 1 : null, codes, reason });
  }
  return result;
}

function countLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

export function isSuppressed(suppressions: readonly Suppression[], code: RuleCode, line: number): boolean {
  return suppressions.some((s) => (s.line === null || s.line === line) && (s.codes.length === 0 || s.codes.includes(code)));
}
