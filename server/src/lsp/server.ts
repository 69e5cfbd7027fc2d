import type { CodeAction, CodeActionParams, Connection, FileEvent, InitializeParams, InitializeResult, TextDocumentIdentifier, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification, ProposedFeatures, TextDocuments, createConnection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import { ProjectConfigLocator } from '../workspace/projectConfigLocator';
import { SERVER_CAPABILITIES } from './capabilities';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { DocumentAnalyses } from './documentAnalyses';
import { EditLog } from './editLog';
import { provideCodeActions } from './features/codeActions';
import { providePolicyCompletion } from './features/completion';
import { configFileCodeActions, withConfigFileDiagnostics } from './features/configFileDiagnostics';
import { provideDefinition } from './features/definition';
import { provideHover } from './features/hover';
import { provideReferences } from './features/references';
import { workspaceImages } from './features/workspaceImages';
import { FileStatusReporter } from './fileStatus';
import { guarded } from './guarded';
import { initialEnvironment } from './initialEnvironment';
import type { EnvironmentParams, SetProfileOverrideParams } from './protocol';
import { EnvironmentNotification, SetProfileOverrideNotification, WorkspaceImagesRequest } from './protocol';
import { RegistryFeatures } from './registry/registryFeatures';
import { SettingsProvider, workspaceFolderPaths } from './settingsProvider';
import { WATCHED_FILES, WorkspaceIndex } from './workspaceIndex';

/** Starts the language server on the transport named in process.argv (`--stdio`, `--node-ipc`, …). */
export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one request must never take the server down: log and carry on.
  process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
  new KubeImageLensServer(connection).listen();
}

/**
 * The server's state and its wiring: each handler below is one line handing
 * the message to the feature that owns it. State that depends on the client
 * (settings, roots, capabilities) is set in `initialize`.
 */
export class KubeImageLensServer {
  /** Image fixes and, in a `.kube-image-lens.yaml`, fixes of its misspelled codes. */
  private async codeActions(document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    return [...(await provideCodeActions(document, params, this.analyses, this.registry.moreActions)), ...configFileCodeActions(document, params)];
  }

  /** Records the editor's incremental changes so an edit re-analyses only the YAML documents it touches. */
  private readonly editLog = new EditLog();
  private readonly documents = new TextDocuments(this.editLog.documents);
  private readonly projectConfigs = new ProjectConfigLocator();
  private readonly fileStatus: FileStatusReporter;
  private readonly analyses: DocumentAnalyses;
  private readonly registry: RegistryFeatures;
  private readonly scheduler: DiagnosticsScheduler;
  private readonly index: WorkspaceIndex;
  private workspaceRoots: string[] = [];
  private settings: SettingsProvider | null = null;
  private watchRegistration = false;
  private versionedEdits = false;
  /** The client sends `workspace/didChangeWorkspaceFolders` (registering for it throws otherwise). */
  private folderEvents = false;
  // Untrusted until the client says otherwise: registry lookups need trust.
  private environment: EnvironmentParams = { proxyStrictSSL: true, noProxy: [], trusted: false };

  constructor(private readonly connection: Connection) {
    const { documents } = this;
    const settings = (): SettingsProvider => this.settings as SettingsProvider;
    const workspaceRoots = (): string[] => this.workspaceRoots;
    this.fileStatus = new FileStatusReporter(connection);
    this.index = new WorkspaceIndex({
      connection,
      documents,
      settings,
      projectConfigs: this.projectConfigs,
      workspaceRoots,
      unitsChanged: () => this.republishAllBut(null),
    });
    this.analyses = new DocumentAnalyses((uri) => settings().forDocument(uri), this.editLog, this.index);
    this.registry = new RegistryFeatures({
      connection,
      documents,
      analyses: this.analyses,
      settings,
      environment: () => this.environment,
      workspaceIndex: this.index,
      versionedEdits: () => this.versionedEdits,
      republish: (document) => this.scheduler.schedule(document, true),
    });
    this.scheduler = new DiagnosticsScheduler(
      withConfigFileDiagnostics(connection, (uri) => documents.get(uri)),
      this.analyses,
      (uri) => documents.get(uri),
      (document, result) => this.fileStatus.analysed(document, result),
      (document, result) => this.registry.extraFindings(document, result),
    );
  }

  listen(): void {
    const { connection, documents, analyses, registry } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.initialized());
    connection.onShutdown(() => this.index.close());
    connection.onDidChangeConfiguration((change) => this.configurationChanged(change.settings));
    connection.onDidChangeWatchedFiles((params) => this.watchedFilesChanged(params.changes));
    documents.onDidOpen((event) => this.opened(event.document));
    documents.onDidChangeContent((event) => this.changed(event.document));
    documents.onDidSave((event) => registry.documentOpenedOrSaved(event.document));
    documents.onDidClose((event) => this.closed(event.document.uri));
    connection.onHover(guarded(connection, 'hover', null, (params) => this.ifOpen(params.textDocument, null, (document) => provideHover(document, params, analyses, registry.hoverExtras, (uri, position) => this.index.unitHover(uri, position)))));
    connection.onDefinition(guarded(connection, 'definition', [], (params) => this.ifOpen(params.textDocument, [], (document) => provideDefinition(document, params, documents))));
    connection.onReferences(guarded(connection, 'references', [], (params) => this.ifOpen(params.textDocument, [], (document) => provideReferences(document, params, documents))));
    connection.onCodeAction(guarded(connection, 'code actions', [], (params) => this.ifOpen(params.textDocument, [], (document) => this.codeActions(document, params))));
    connection.onCompletion(guarded(connection, 'completion', [], (params) => this.ifOpen(params.textDocument, [], (document) => providePolicyCompletion(document, params))));
    // Not guarded: an unexpected failure must reach the view as an error, not as an empty workspace.
    connection.onRequest(WorkspaceImagesRequest, () => workspaceImages(this.index, documents, analyses));
    connection.onExecuteCommand((params, token) => registry.executeCommand(params, token));
    connection.onNotification(EnvironmentNotification, (params: EnvironmentParams) => this.environmentChanged(params));
    connection.onNotification(SetProfileOverrideNotification, (params: SetProfileOverrideParams) => this.profileOverridden(params));
    documents.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.workspaceRoots = workspaceFolderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
    this.settings = new SettingsProvider(
      this.connection,
      capabilities.workspace?.configuration === true,
      params.initializationOptions,
      this.projectConfigs,
      () => this.workspaceRoots,
    );
    this.watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.folderEvents = capabilities.workspace?.workspaceFolders === true;
    this.environment = initialEnvironment(params.initializationOptions);
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'kube-image-lens', version } };
  }

  private initialized(): void {
    if (this.watchRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    }
    this.registry.environmentChanged();
    this.index.rebuild();
    if (this.folderEvents) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => this.foldersChanged(event));
    }
  }

  private async ifOpen<R>(identifier: TextDocumentIdentifier, fallback: R, feature: (document: TextDocument) => R | Promise<R>): Promise<R> {
    const document = this.documents.get(identifier.uri);
    return document ? feature(document) : fallback;
  }

  private foldersChanged(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(workspaceFolderPaths(event.removed));
    this.workspaceRoots = [...this.workspaceRoots.filter((root) => !removed.has(root)), ...workspaceFolderPaths(event.added)];
    this.refreshAll();
    this.index.rebuild();
  }

  private configurationChanged(settings: unknown): void {
    this.settings?.configurationChanged(settings);
    this.refreshAll();
    this.index.rebuild();
  }

  private watchedFilesChanged(changes: readonly FileEvent[]): void {
    if (this.index.watchedFilesChanged(changes) === 'settings') {
      this.refreshAll();
    }
  }

  /** Settings changed: every open document is analysed and published again. */
  private refreshAll(): void {
    this.settings?.clear();
    this.analyses.invalidateAll();
    this.documents.all().forEach((document) => this.scheduler.schedule(document, true));
  }

  /** An edit: the document after its debounce, and every other open file at once when a kustomization or chart read it. */
  private changed(document: TextDocument): void {
    this.scheduler.schedule(document);
    if (this.index.documentChanged(document.uri)) {
      this.republishAllBut(document.uri);
    }
  }

  private republishAllBut(uri: string | null): void {
    this.documents.all().forEach((document) => document.uri !== uri && this.scheduler.schedule(document, true));
  }

  private opened(document: TextDocument): void {
    this.scheduler.schedule(document, true);
    this.registry.documentOpenedOrSaved(document);
  }

  private closed(uri: string): void {
    this.registry.documentClosed(uri);
    this.analyses.close(uri);
    this.settings?.forget(uri);
    this.scheduler.clear(uri);
    this.index.documentClosed(uri);
  }

  private environmentChanged(params: EnvironmentParams): void {
    this.environment = params;
    this.registry.environmentChanged();
  }

  private profileOverridden(params: SetProfileOverrideParams): void {
    this.analyses.setProfileOverride(params.uri, params.profile);
    const document = this.documents.get(params.uri);
    if (document) {
      this.scheduler.schedule(document, true);
    }
  }
}
