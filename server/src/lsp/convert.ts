import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/model';
import { ruleDocsUrl } from '../core/rules';

export const DIAGNOSTIC_SOURCE = 'kube-image-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `data` carries the image index so code actions can find the image without re-matching text. */
export interface DiagnosticData {
  imageIndex: number;
  version: number;
}

/** The version-independent part of each finding's diagnostic: findings of unchanged documents are reused across edits, and so is this. */
const converted = new WeakMap<Finding, Omit<Diagnostic, 'data'>>();

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
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
  const data: DiagnosticData = { imageIndex: finding.imageIndex, version };
  const { range, severity, code, codeDescription, source, message } = diagnostic;
  return { range, severity, code, codeDescription, source, message, data };
}
