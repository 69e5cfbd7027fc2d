import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../../core/model';
import type { Write } from '../io';
import type { InputProblem } from '../problems';
import type { Reporter } from './reporter';

/** GitLab Code Quality severities, from least to most severe: info, minor, major, critical, blocker. */
type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, CodeQualitySeverity> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

/**
 * `check --format gitlab`: the Code Climate JSON array GitLab reads as a
 * `codequality` report. Issues are held until the end (one JSON array; they
 * are small, the file texts are not kept).
 */
export function gitlabReporter(write: Write): Reporter {
  const issues: object[] = [];
  return {
    file({ path, analysis }) {
      // Same file, code and message twice (two containers with one image) still need distinct fingerprints.
      const seen = new Map<string, number>();
      for (const finding of analysis.findings) {
        const key = `${path}\0${finding.code}\0${finding.message}`;
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        issues.push(codeQualityIssue(path, finding, fingerprint(`${key}\0${occurrence}`)));
      }
    },
    problem(problem) {
      issues.push(problemIssue(problem));
    },
    finish() {
      write(`${JSON.stringify(issues, null, 2)}\n`);
    },
  };
}

function codeQualityIssue(path: string, finding: Finding, fingerprint: string) {
  return {
    type: 'issue',
    check_name: finding.code,
    description: finding.message,
    categories: ['Bug Risk'],
    severity: SEVERITY[finding.severity],
    fingerprint,
    location: { path, lines: { begin: finding.range.start.line + 1, end: finding.range.end.line + 1 } },
  };
}

/** A path that could not be read (major) or a file only partly read (minor), on that file. */
function problemIssue(problem: InputProblem) {
  const line = (problem.position?.line ?? 0) + 1;
  return {
    type: 'issue',
    check_name: problem.level === 'error' ? 'unreadable-path' : 'partly-read',
    description: problem.message,
    categories: ['Bug Risk'],
    severity: problem.level === 'error' ? 'major' : 'minor',
    fingerprint: fingerprint(`${problem.path}\0${problem.level}\0${problem.message}`),
    location: { path: problem.path, lines: { begin: line, end: line } },
  };
}

/**
 * GitLab compares fingerprints between the base and the merge request to show
 * new and fixed issues, so they leave line numbers out: an edit above a
 * finding does not make it look new.
 */
function fingerprint(key: string): string {
  return createHash('md5').update(key).digest('hex');
}
