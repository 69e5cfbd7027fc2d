/**
 * Builds the LanguageClient that runs the bundled server (`out/server.js`) in
 * a Node child process over IPC.
 */
import type * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { EnvironmentParams } from '../../server/src/lsp/protocol';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';
import type { CrashPolicy } from './crashPolicy';
import { CLIENT_ID, CLIENT_NAME, LANGUAGES } from './ids';
import { routeServerProgress } from './serverCommands';

/** Sent once in `initialize`; later changes arrive through notifications. */
export interface InitializationOptions {
  environment: EnvironmentParams;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
  crashPolicy: CrashPolicy,
  initializationOptions: () => InitializationOptions,
  fileWatcher: vscode.FileSystemWatcher,
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
    // The server pulls settings; this push only tells it when they change.
    // File events keep the server's project index current without rescans.
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: fileWatcher },
    // The server's command progress shows in the command's own notification (serverCommands.ts).
    middleware: { handleWorkDoneProgress: routeServerProgress },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
