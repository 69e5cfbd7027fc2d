import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitlabReporter } from '../../server/src/cli/format/gitlab';
import { analysisWith, AWKWARD_MESSAGE, findingAt, report } from './ciFormatFixtures';
import { deployment, makeProject, runCli } from './helpers';

// GitLab's Code Quality report: a JSON array of Code Climate issues, of which GitLab
// requires description, check_name, fingerprint, severity (one of these) and
// location.path with location.lines.begin (docs: ci/testing/code_quality, "Code Quality report format").
const GITLAB_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

function assertCodeQualityReport(text: string): CodeQualityIssue[] {
  const issues: unknown = JSON.parse(text);
  assert.ok(Array.isArray(issues), 'the report is a JSON array');
  for (const issue of issues as CodeQualityIssue[]) {
    assert.equal(typeof issue.description, 'string');
    assert.ok(issue.description.length > 0);
    assert.equal(typeof issue.check_name, 'string');
    assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(GITLAB_SEVERITIES.includes(issue.severity), issue.severity);
    assert.equal(typeof issue.location.path, 'string');
    assert.ok(!issue.location.path.startsWith('./') && !issue.location.path.startsWith('/'), 'paths are relative to the repository');
    assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
  }
  return issues as CodeQualityIssue[];
}

describe('--format gitlab', () => {
  it('maps severities onto GitLab levels, counts lines from 1 and keeps messages exact', () => {
    const output = report(gitlabReporter, [
      ['a.yaml', analysisWith([findingAt(4, 9, 12, 'error', 'invalid-image-reference', AWKWARD_MESSAGE), findingAt(6, 0, 1, 'warning', 'mutable-tag', 'w')])],
      ['b.yaml', analysisWith([findingAt(0, 0, 1, 'info', 'tag-ignored-with-digest', 'i'), findingAt(1, 0, 1, 'hint', 'mutable-tag', 'h')])],
    ]);
    const issues = assertCodeQualityReport(output);
    assert.deepEqual(
      issues.map((issue) => [issue.location.path, issue.location.lines.begin, issue.check_name, issue.severity, issue.description]),
      [
        ['a.yaml', 5, 'invalid-image-reference', 'major', AWKWARD_MESSAGE],
        ['a.yaml', 7, 'mutable-tag', 'minor', 'w'],
        ['b.yaml', 1, 'tag-ignored-with-digest', 'info', 'i'],
        ['b.yaml', 2, 'mutable-tag', 'info', 'h'],
      ],
    );
  });

  it('an empty run is an empty array', () => {
    assert.deepEqual(assertCodeQualityReport(report(gitlabReporter, [['clean.yaml', analysisWith([])]])), []);
  });

  it('gives identical findings distinct fingerprints that survive edits above them', () => {
    const twice = `${deployment('a', 'nginx:latest', 'IfNotPresent')}---\n${deployment('b', 'nginx:latest', 'IfNotPresent')}`;
    const project = makeProject({ 'k8s/app.yaml': twice });
    const shifted = makeProject({ 'k8s/app.yaml': `# a comment\n# and another\n${twice}` });
    try {
      const run = runCli(['check', '--format', 'gitlab', 'k8s'], { cwd: project.dir });
      assert.equal(run.code, 0, run.stderr);
      const issues = assertCodeQualityReport(run.stdout);
      assert.equal(issues.length, 2);
      assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, 2, 'fingerprints are unique');
      const after = assertCodeQualityReport(runCli(['check', '--format', 'gitlab', 'k8s'], { cwd: shifted.dir }).stdout);
      assert.deepEqual(
        after.map((issue) => [issue.fingerprint, issue.location.lines.begin]),
        issues.map((issue) => [issue.fingerprint, issue.location.lines.begin + 2]),
      );
      const json = JSON.parse(runCli(['check', '--format', 'json', 'k8s'], { cwd: project.dir }).stdout) as { diagnostics: Array<{ file: string; range: { start: { line: number } }; code: string }> };
      assert.deepEqual(
        issues.map((issue) => [issue.location.path, issue.location.lines.begin, issue.check_name]),
        json.diagnostics.map((d) => [d.file, d.range.start.line + 1, d.code]),
      );
    } finally {
      project.cleanup();
      shifted.cleanup();
    }
  });
});
