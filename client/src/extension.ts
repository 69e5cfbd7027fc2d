/**
 * Extension entry point: starts the language server and wires the editor
 * pieces (status bar, Images view, commands) to it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { State } from 'vscode-languageclient/node';
import type { FileStatusParams, RegistryStatusParams, WorkspaceImagesResult } from '../../server/src/lsp/protocol';
import {
  EnvironmentNotification,
  FileStatusNotification,
  RegistryStatusNotification,
  SetProfileOverrideNotification,
  WorkspaceImagesRequest,
} from '../../server/src/lsp/protocol';
import { registerCommands } from './commands';
import { CrashPolicy } from './crashPolicy';
import { readEnvironment, watchEnvironment } from './environment';
import { CLIENT_NAME, WATCHED_FILES_GLOB } from './ids';
import { ImagesView } from './imagesView';
import { createLanguageClient } from './languageClient';
import { ProfileOverrides } from './profileOverrides';
import { whenRunning } from './serverCommands';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  const crashPolicy = new CrashPolicy();
  const profileOverrides = new ProfileOverrides(context.workspaceState);
  // Manifests, charts (and their archives) and project configs: what the server's index is made of.
  const fileWatcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  const languageClient = createLanguageClient(context, outputChannel, crashPolicy, () => ({ environment: readEnvironment() }), fileWatcher);
  client = languageClient;

  const statusBar = new StatusBar();
  const imagesView = new ImagesView(async () => {
    await whenRunning(languageClient);
    return languageClient.sendRequest<WorkspaceImagesResult>(WorkspaceImagesRequest);
  });

  context.subscriptions.push(
    outputChannel,
    fileWatcher,
    fileWatcher.onDidCreate(() => imagesView.scheduleRefresh()),
    fileWatcher.onDidChange(() => imagesView.scheduleRefresh()),
    fileWatcher.onDidDelete(() => imagesView.scheduleRefresh()),
    statusBar,
    imagesView,
    registerCommands({ client: languageClient, crashPolicy, imagesView, profileOverrides }),
    watchEnvironment((environment) => {
      if (languageClient.isRunning()) {
        void languageClient.sendNotification(EnvironmentNotification, environment);
      }
    }),
    languageClient.onNotification(FileStatusNotification, (params: FileStatusParams) => {
      statusBar.updateFile(params);
      imagesView.scheduleRefresh();
    }),
    languageClient.onNotification(RegistryStatusNotification, (params: RegistryStatusParams) => statusBar.updateRegistry(params)),
    // Every (re)start gets a fresh server: hand it the user's profile overrides again.
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        for (const override of profileOverrides.all()) {
          void languageClient.sendNotification(SetProfileOverrideNotification, override);
        }
        imagesView.refresh();
      }
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    // Keep the extension alive so "Restart Language Server" and "Show Output" still work.
    outputChannel.appendLine(`Failed to start the language server: ${error instanceof Error ? error.stack : String(error)}`);
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: the language server failed to start.`, 'Show Output').then((choice) => {
      if (choice) {
        outputChannel.show(true);
      }
    });
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
