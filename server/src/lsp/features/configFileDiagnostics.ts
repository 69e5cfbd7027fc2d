import type { CodeAction, CodeActionParams, Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigProblem } from '../../core/config/checkProjectConfig';
import { checkProjectConfig } from '../../core/config/checkProjectConfig';
import { PROJECT_CONFIG_FILE } from '../../core/projectConfig';
import { DIAGNOSTIC_SOURCE } from '../convert';

const CONFIG_FILE_NAME = /(^|\/)\.kube-image-lens\.ya?ml$/;

/** What a config diagnostic carries for its quick fix. */
interface ConfigDiagnosticData {
  configSuggestion: string;
}

export function isProjectConfigUri(uri: string): boolean {
  return CONFIG_FILE_NAME.test(uri);
}

/** Problems in the settings file itself, as diagnostics: unknown keys and codes warn, wrong values are errors. */
export function configFileDiagnostics(document: TextDocument): Diagnostic[] {
  const diagnostics = checkProjectConfig(document.getText()).map(toDiagnostic);
  if (document.uri.endsWith('.yml')) {
    diagnostics.unshift({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Warning,
      code: 'unknown-setting',
      source: DIAGNOSTIC_SOURCE,
      message: `Kube Image Lens reads ${PROJECT_CONFIG_FILE}, not this file: rename it to use these settings.`,
    });
  }
  return diagnostics;
}

function toDiagnostic(problem: ConfigProblem): Diagnostic {
  const data: ConfigDiagnosticData | undefined = problem.suggestion === undefined ? undefined : { configSuggestion: problem.suggestion };
  return {
    range: problem.range,
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: problem.kind,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
    ...(data ? { data } : {}),
  };
}

/**
 * The diagnostics publisher, with the settings file's own problems added to
 * what is published for it. The settings file is a YAML document like any
 * other, so the scheduler already publishes for it at the right times
 * (debounced, current version only, cleared on close); one publication per
 * file keeps the two sources from overwriting each other.
 */
export function withConfigFileDiagnostics(connection: Connection, currentDocument: (uri: string) => TextDocument | undefined): Connection {
  const send = (params: PublishDiagnosticsParams): Promise<void> => {
    const document = isProjectConfigUri(params.uri) ? currentDocument(params.uri) : undefined;
    const extra = document !== undefined && (params.version === undefined || params.version === document.version) ? configFileDiagnostics(document) : [];
    return connection.sendDiagnostics(extra.length === 0 ? params : { ...params, diagnostics: [...params.diagnostics, ...extra] });
  };
  return new Proxy(connection, { get: (target, property, receiver) => (property === 'sendDiagnostics' ? send : Reflect.get(target, property, receiver)) });
}

/** "Change to …" for a misspelled setting or diagnostic code, on the diagnostics the client sends back. */
export function configFileCodeActions(document: TextDocument, params: CodeActionParams): CodeAction[] {
  if (!isProjectConfigUri(document.uri)) {
    return [];
  }
  return params.context.diagnostics.flatMap((diagnostic) => {
    const suggestion = (diagnostic.data as Partial<ConfigDiagnosticData> | undefined)?.configSuggestion;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof suggestion !== 'string') {
      return [];
    }
    const action: CodeAction = {
      title: `Change to '${suggestion}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [document.uri]: [{ range: diagnostic.range, newText: suggestion }] } },
    };
    return [action];
  });
}
