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

/** `data` carries the image index so code actions can find the image without re-matching text. */
export interface DiagnosticData {
  imageIndex: number;
  version: number;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { imageIndex: finding.imageIndex, version };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocsUrl(finding.code) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
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
