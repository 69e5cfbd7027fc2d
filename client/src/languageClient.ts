/**
 * Builds the LanguageClient that runs the bundled server (`out/server.js`) in
 * a Node child process over IPC.
 */
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';
import type { CrashPolicy } from './crashPolicy';
import type { EnvironmentParams } from './environment';
import { CLIENT_ID, CLIENT_NAME, LANGUAGES } from './ids';

/** Sent once in `initialize`; later changes arrive through notifications. */
export interface InitializationOptions {
  environment: EnvironmentParams;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
  crashPolicy: CrashPolicy,
  initializationOptions: () => InitializationOptions,
): LanguageClient {
  const module = context.asAbsolutePath('out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) =>
      ['file', 'untitled'].map((scheme) => ({ language, scheme })),
    ),
    outputChannel,
    errorHandler: crashPolicy,
    // A function, so a restart after a crash sends the current proxy/trust state.
    initializationOptions,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      // Charts, values files and kustomizations on disk feed the workspace image index.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,tpl}'),
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
