import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PROJECT_CONFIG_FILE } from '../core/projectConfig';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { DocumentAnalyses } from './documentAnalyses';
import { EditLog } from './editLog';
import type { AnalysedDocument } from './documentAnalyses';
import { FIX_ALL_KIND, provideCodeActions } from './features/codeActions';
import { providePolicyCompletion } from './features/completion';
import { provideHover } from './features/hover';
import { ProjectConfigLocator } from './projectConfigLocator';
import type { EnvironmentParams, FileStatusParams, SetProfileOverrideParams } from './protocol';
import { EnvironmentNotification, FileStatusNotification, ServerCommands, SetProfileOverrideNotification, WorkspaceImagesRequest } from './protocol';
import { RegistryFeatures } from './registry/registryFeatures';
import { workspaceImages } from './features/workspaceImages';
import { SettingsProvider, workspaceFolderPaths } from './settingsProvider';
import { guarded } from './guarded';
import { version } from '../../../package.json';

/** Starts the language server on the transport named in process.argv (`--stdio`, `--node-ipc`, …). */
export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one request must never take the server down: log and carry on.
  process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
  serve(connection);
  connection.listen();
}

function serve(connection: Connection): void {
  const editLog = new EditLog();
  const documents = new TextDocuments(editLog.documents);
  const projectConfigs = new ProjectConfigLocator();
  let workspaceRoots: string[] = [];
  let settings: SettingsProvider | null = null;
  const reportedProblems = new Set<string>();

  const analyses = new DocumentAnalyses((uri) => (settings as SettingsProvider).forDocument(uri), editLog);
  const onAnalysed = (document: TextDocument, result: AnalysedDocument): void => {
    const status: FileStatusParams = {
      uri: document.uri,
      profile: result.analysis.profile,
      profileSource: result.analysis.profileSource,
      imageCount: result.analysis.images.length,
    };
    void connection.sendNotification(FileStatusNotification, status);
    for (const problem of result.settings.problems) {
      if (!reportedProblems.has(problem)) {
        reportedProblems.add(problem);
        connection.console.warn(problem);
        void connection.window.showWarningMessage(`Kube Image Lens: ${problem}`);
      }
    }
  };
  let watchRegistration = false;
  let versionedEdits = false;
  // Untrusted until the client says otherwise: registry lookups need trust.
  let environment: EnvironmentParams = { proxyStrictSSL: true, noProxy: [], trusted: false };
  const registry = new RegistryFeatures({
    connection,
    documents,
    analyses,
    settings: () => settings as SettingsProvider,
    environment: () => environment,
    workspaceRoots: () => workspaceRoots,
    versionedEdits: () => versionedEdits,
    republish: (document) => scheduler.schedule(document, true),
  });
  const scheduler = new DiagnosticsScheduler(connection, analyses, (uri) => documents.get(uri), onAnalysed, (document, result) =>
    registry.extraFindings(document, result),
  );

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    workspaceRoots = workspaceFolderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
    settings = new SettingsProvider(
      connection,
      capabilities.workspace?.configuration === true,
      params.initializationOptions,
      projectConfigs,
      () => workspaceRoots,
    );
    watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    environment = initialEnvironment(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' '] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-image-lens', version },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${PROJECT_CONFIG_FILE}` }] });
    }
    registry.environmentChanged();
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(workspaceFolderPaths(event.removed));
      workspaceRoots = [...workspaceRoots.filter((root) => !removed.has(root)), ...workspaceFolderPaths(event.added)];
      refreshAll();
    });
  });

  const refreshAll = (): void => {
    settings?.clear();
    analyses.invalidateAll();
    documents.all().forEach((document) => scheduler.schedule(document, true));
  };

  connection.onDidChangeConfiguration((change) => {
    settings?.configurationChanged(change.settings);
    refreshAll();
  });
  connection.onDidChangeWatchedFiles(() => {
    projectConfigs.invalidate();
    refreshAll();
  });

  documents.onDidOpen((event) => {
    scheduler.schedule(event.document, true);
    registry.documentOpenedOrSaved(event.document);
  });
  documents.onDidChangeContent((event) => scheduler.schedule(event.document));
  documents.onDidSave((event) => registry.documentOpenedOrSaved(event.document));
  documents.onDidClose((event) => {
    registry.documentClosed(event.document.uri);
    analyses.close(event.document.uri);
    settings?.forget(event.document.uri);
    scheduler.clear(event.document.uri);
  });

  connection.onHover(
    guarded(connection, 'hover', null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? provideHover(document, params, analyses, registry.hoverExtras) : null;
    }),
  );
  connection.onCodeAction(
    guarded(connection, 'code actions', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? provideCodeActions(document, params, analyses, registry.moreActions) : [];
    }),
  );
  connection.onCompletion(
    guarded(connection, 'completion', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? providePolicyCompletion(document, params) : [];
    }),
  );
  connection.onRequest(
    WorkspaceImagesRequest,
    guarded(connection, 'workspace images', { files: [] }, () => workspaceImages(workspaceRoots, documents, analyses, settings as SettingsProvider)),
  );
  connection.onExecuteCommand((params, token) => registry.executeCommand(params, token));
  connection.onNotification(EnvironmentNotification, (params: EnvironmentParams) => {
    environment = params;
    registry.environmentChanged();
  });
  connection.onNotification(SetProfileOverrideNotification, (params: SetProfileOverrideParams) => {
    analyses.setProfileOverride(params.uri, params.profile);
    const document = documents.get(params.uri);
    if (document) {
      scheduler.schedule(document, true);
    }
  });

  documents.listen(connection);
}

/**
 * The environment from `initializationOptions.environment`. Clients other than
 * ours (Neovim, Helix) do not send one: they run where the user started them, so
 * the workspace counts as trusted.
 */
function initialEnvironment(options: unknown): EnvironmentParams {
  const sent = (options as { environment?: Partial<EnvironmentParams> } | null)?.environment;
  return {
    proxy: sent?.proxy,
    proxyStrictSSL: sent?.proxyStrictSSL ?? true,
    noProxy: sent?.noProxy ?? [],
    trusted: sent?.trusted ?? true,
  };
}
