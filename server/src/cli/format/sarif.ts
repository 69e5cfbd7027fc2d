import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { severityFor } from '../../core/evaluateRules';
import type { Finding, Profile, Severity } from '../../core/model';
import { RULE_CODES, RULES, ruleDocsUrl } from '../../core/rules';
import type { AnalysisSettings } from '../../core/settings';
import type { Write } from '../io';
import { CLI_NAME, CLI_VERSION, PROJECT_URL } from '../packageInfo';
import type { InputProblem } from '../problems';
import type { Reporter } from './reporter';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export interface SarifOptions {
  settings: AnalysisSettings;
  /** The profile whose severities become each rule's default level (results carry their own). */
  profile: Profile;
}

/**
 * SARIF 2.1.0 for GitHub code scanning. Every rule is listed, so `ruleIndex`
 * is stable across runs; paths are relative to `%SRCROOT%` (the checkout,
 * which is where CI runs the tool). Results are held until the end because
 * the log is one JSON object; they are small, the file texts are not kept.
 */
export function sarifReporter(write: Write, options: SarifOptions): Reporter {
  const results: object[] = [];
  const notifications: object[] = [];
  let failed = false;
  return {
    file({ path: file, analysis }) {
      for (const finding of analysis.findings) {
        results.push(sarifResult(file, finding));
      }
    },
    problem(problem) {
      failed ||= problem.level === 'error';
      notifications.push(sarifNotification(problem));
    },
    finish() {
      // The invocation says whether every input was read; its notifications say what was not.
      const invocation = { executionSuccessful: !failed, toolExecutionNotifications: notifications };
      const log = {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [{ tool: { driver: sarifDriver(options) }, invocations: [invocation], columnKind: 'utf16CodeUnits', results }],
      };
      write(`${JSON.stringify(log, null, 2)}\n`);
    },
  };
}

function sarifDriver({ settings, profile }: SarifOptions) {
  return {
    name: CLI_NAME,
    informationUri: PROJECT_URL,
    version: CLI_VERSION,
    rules: RULE_CODES.map((code) => {
      const severity = severityFor(code, profile, settings);
      return {
        id: code,
        shortDescription: { text: RULES[code].title },
        fullDescription: { text: RULES[code].description },
        helpUri: ruleDocsUrl(code),
        defaultConfiguration: severity === null ? { enabled: false, level: 'none' } : { level: LEVEL[severity] },
      };
    }),
  };
}

function sarifResult(file: string, finding: Finding) {
  const { start, end } = finding.range;
  return {
    ruleId: finding.code,
    ruleIndex: RULE_CODES.indexOf(finding.code),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(file),
          // SARIF counts from 1 and its endColumn is exclusive, like LSP's end character.
          region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
        },
      },
    ],
  };
}

function sarifNotification(problem: InputProblem) {
  const region = problem.position && { startLine: problem.position.line + 1, startColumn: problem.position.character + 1 };
  return {
    level: problem.level,
    message: { text: problem.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(problem.path), ...(region ? { region } : {}) } }],
  };
}

/** Relative paths resolve against the checkout; a file named by absolute path gets a file URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
