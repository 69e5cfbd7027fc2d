import type { Finding } from '../../core/model';
import { ruleDocsUrl } from '../../core/rules';
import type { Write } from '../io';
import type { InputProblem } from '../problems';
import { CLI_NAME } from '../packageInfo';
import type { FailOn } from '../severity';
import { failsCheck } from '../severity';
import type { Reporter } from './reporter';

/**
 * `check --format junit`: one `<testsuite>` per file, one `<testcase>` per
 * finding. Findings at the `--fail-on` level are `<failure>`s, the others pass
 * with their message in `<system-out>`, so the report agrees with the exit
 * status; a clean file is one passing test case. Streams one suite per file.
 */
export function junitReporter(write: Write, failOn: FailOn): Reporter {
  let started = false;
  const start = () => {
    if (!started) {
      started = true;
      write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${CLI_NAME}">\n`);
    }
  };
  return {
    file({ path, analysis }) {
      start();
      const file = escapeAttribute(path);
      const failing = analysis.findings.filter((finding) => failsCheck(finding.severity, failOn)).length;
      const cases =
        analysis.findings.length === 0
          ? [`    <testcase name="no findings" classname="${file}" file="${file}"/>\n`]
          : analysis.findings.map((finding) => testCase(file, finding, failsCheck(finding.severity, failOn)));
      write(`  <testsuite name="${file}" tests="${cases.length}" failures="${failing}" errors="0" skipped="0">\n${cases.join('')}  </testsuite>\n`);
    },
    problem(problem) {
      start();
      write(problemSuite(problem));
    },
    finish() {
      start();
      write('</testsuites>\n');
    },
  };
}

function testCase(file: string, finding: Finding, fails: boolean): string {
  const line = finding.range.start.line + 1;
  const column = finding.range.start.character + 1;
  const name = escapeAttribute(`${finding.code} at ${line}:${column}`);
  const details = escapeXml(`${finding.severity} ${finding.code} at line ${line}, column ${column}\n${finding.message}\n${ruleDocsUrl(finding.code)}`);
  const body = fails
    ? `<failure message="${escapeAttribute(finding.message)}" type="${finding.code}">${details}</failure>`
    : `<system-out>${details}</system-out>`;
  return `    <testcase name="${name}" classname="${file}" file="${file}" line="${line}">${body}</testcase>\n`;
}

/** A path that could not be read is an `<error>` (the run exits 2); a partly read file passes with the warning in `<system-out>`. */
function problemSuite(problem: InputProblem): string {
  const file = escapeAttribute(problem.path);
  const message = escapeXml(problem.message);
  const errors = problem.level === 'error' ? 1 : 0;
  const body = errors ? `<error message="${escapeAttribute(problem.message)}" type="unreadable-path">${message}</error>` : `<system-out>${message}</system-out>`;
  const name = escapeAttribute(problem.level === 'error' ? 'read the file' : 'read the whole file');
  return `  <testsuite name="${file}" tests="1" failures="0" errors="${errors}" skipped="0">\n    <testcase name="${name}" classname="${file}" file="${file}">${body}</testcase>\n  </testsuite>\n`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const WHITESPACE_REFERENCES: Record<string, string> = { '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/** Parsers turn raw line breaks in attribute values into spaces; character references survive. */
function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/[\n\r\t]/g, (char) => WHITESPACE_REFERENCES[char] ?? char);
}

/**
 * Escapes text for element content. Characters XML 1.0 cannot
 * carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become
 * U+FFFD, so an odd byte in a manifest cannot make the report unreadable.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
    // eslint-disable-next-line no-control-regex -- finding the control characters XML forbids is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
