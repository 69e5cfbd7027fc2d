/**
 * The editor environment the server cannot read itself: VS Code's proxy
 * settings (registry look-ups must honour them) and workspace trust (registry
 * look-ups are disabled in untrusted folders). Sent in `initializationOptions`
 * and again through a notification whenever it changes.
 */
import * as vscode from 'vscode';
import type { EnvironmentParams } from '../../server/src/lsp/protocol';

export function readEnvironment(): EnvironmentParams {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim();
  const noProxy = http.get<unknown>('noProxy');
  return {
    ...(proxy ? { proxy } : {}),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
    trusted: vscode.workspace.isTrusted,
  };
}

/** Calls `onChange` with the new environment when a proxy setting or the trust state changes. */
export function watchEnvironment(onChange: (environment: EnvironmentParams) => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['http.proxy', 'http.proxyStrictSSL', 'http.noProxy'].some((key) => event.affectsConfiguration(key))) {
        onChange(readEnvironment());
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => onChange(readEnvironment())),
  );
}
