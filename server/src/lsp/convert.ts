import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity, UnreadableYaml } from '../core/model';
import { ruleDocsUrl } from '../core/rules';

export const DIAGNOSTIC_SOURCE = 'kube-image-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The version-independent part of each finding's diagnostic: findings of unchanged documents are reused across edits, and so is this. */
const converted = new WeakMap<Finding, Diagnostic>();

export function toDiagnostic(finding: Finding): Diagnostic {
  let diagnostic = converted.get(finding);
  if (!diagnostic) {
    diagnostic = {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      code: finding.code,
      codeDescription: { href: ruleDocsUrl(finding.code) },
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    converted.set(finding, diagnostic);
  }
  return diagnostic;
}

/**
 * A YAML document the parser gave up on, told only when containers of a
 * Kubernetes object may hide behind the error: the YAML extension already
 * reports syntax errors, but not that images went unchecked.
 */
export function unreadableYamlDiagnostic(unreadable: UnreadableYaml): Diagnostic {
  return {
    range: unreadable.range,
    severity: DiagnosticSeverity.Warning,
    code: 'unreadable-yaml',
    source: DIAGNOSTIC_SOURCE,
    message: `The YAML parser stopped here (${unreadable.message}); containers after this point are not checked.`,
  };
}
