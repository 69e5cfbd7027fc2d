import type { FileAnalysis, Finding, RuleCode, Severity } from '../../server/src/core/model';
import type { Reporter } from '../../server/src/cli/format/reporter';

/** A finding on one line, for feeding the CI formatters hand-made analyses. */
export function findingAt(line: number, character: number, length: number, severity: Severity, code: RuleCode, message: string): Finding {
  return { code, severity, message, range: { start: { line, character }, end: { line, character: character + length } }, imageIndex: 0 };
}

export function analysisWith(findings: Finding[]): FileAnalysis {
  return { profile: 'staging', profileSource: 'default', profileReason: 'the default profile', images: [], findings, suppressions: [], unreadable: [] };
}

/** Everything a reporter writes for `files`, in order. */
export function report(make: (write: (chunk: string) => void) => Reporter, files: ReadonlyArray<readonly [string, FileAnalysis]>): string {
  let output = '';
  const reporter = make((chunk) => {
    output += chunk;
  });
  for (const [path, analysis] of files) {
    reporter.file({ path, analysis });
  }
  reporter.finish();
  return output;
}

/** Awkward text for escaping tests: every character a format treats specially. */
export const AWKWARD_MESSAGE = 'image "a<b>&c\'d" at 50%:\r\nnext, line :: %0A literal\ttab \u0001 end';
export const AWKWARD_PATH = 'dir,with:colons/100% <&>"it\'s".yaml';
