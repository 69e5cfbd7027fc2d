/**
 * A minimal but real LSP client for tests: spawns `node out/cli.js lsp --stdio`
 * as a child process and speaks JSON-RPC over its stdin/stdout with
 * vscode-languageserver-protocol, exactly as an editor would. Nothing is
 * imported from the server's sources: the tests see only the wire.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  ClientCapabilities,
  CodeAction,
  CodeActionContext,
  Command,
  CompletionItem,
  CompletionList,
  ConfigurationParams,
  Diagnostic,
  Hover,
  InitializeParams,
  InitializeResult,
  Location,
  LocationLink,
  LogMessageParams,
  MessageConnection,
  Position,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  ShowMessageRequestParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(REPO_ROOT, 'out/cli.js');

/** Default time limit for one request or wait; generous for slow CI machines. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Every child still alive is killed when the test process ends, whatever happened. */
const liveChildren = new Set<ChildProcessWithoutNullStreams>();
process.on('exit', () => {
  for (const child of liveChildren) {
    child.kill('SIGKILL');
  }
});

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Settings answered to `workspace/configuration`: a fixed object, or per (scopeUri, section). */
export type SettingsSource = unknown | ((scopeUri: string | undefined, section: string | undefined) => unknown);

export interface InitializeOptions {
  /** Whether the client announces `workspace.configuration` (pull settings). Default true. */
  configuration?: boolean;
  initializationOptions?: unknown;
  rootUri?: string | null;
  workspaceFolders?: WorkspaceFolder[] | null;
  /** Extra capabilities merged over the defaults. */
  capabilities?: ClientCapabilities;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Answered to `workspace/configuration` (the `kubeImageLens` section). */
  settings?: SettingsSource;
  /** The CLI bundle to start (default: `out/cli.js`), e.g. a copy without the files usually next to it. */
  cli?: string;
}

export class LspClient {
  readonly connection: MessageConnection;
  /** Every publishDiagnostics received, in order, per URI. */
  readonly publishes = new Map<string, PublishDiagnosticsParams[]>();
  readonly logMessages: LogMessageParams[] = [];
  readonly showMessages: Array<ShowMessageParams | ShowMessageRequestParams> = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Other server → client requests and notifications, by method. */
  readonly otherRequests: Array<{ method: string; params: unknown }> = [];
  readonly otherNotifications: Array<{ method: string; params: unknown }> = [];
  /** The client's copy of each open document, kept in step with what was sent. */
  readonly documents = new Map<string, TextDocument>();
  /** Every `$/progress` value the server sent (work-done progress), in order. */
  readonly progress: Array<{ token: string | number; value: unknown }> = [];
  /** Every `workspace/applyEdit` the server sent, in order. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  settings: SettingsSource;
  stderr = '';
  exitInfo: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;

  private readonly waiters = new Set<() => void>();
  private disposed = false;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    liveChildren.add(child);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        liveChildren.delete(child);
        this.exitInfo = { code, signal };
        this.notify();
        resolve(this.exitInfo);
      });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep the tail only: a crash trace is at the end.
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    // A write after the child died must fail the test that waits, not the process.
    child.stdin.on('error', () => undefined);

    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.publishes.get(params.uri) ?? [];
      list.push(params);
      this.publishes.set(params.uri, list);
      this.notify();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logMessages.push(params);
      this.notify();
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.showMessages.push(params);
      this.notify();
    });
    this.connection.onRequest(ShowMessageRequest.type, (params) => {
      this.showMessages.push(params);
      this.notify();
      return null;
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params);
      this.notify();
      return params.items.map((item) => this.settingsFor(item.scopeUri, item.section));
    });
    this.connection.onUnhandledProgress((params) => {
      this.progress.push({ token: params.token, value: params.value });
      this.notify();
    });
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => this.applyWorkspaceEdit(params));
    this.connection.onRequest((method, params) => {
      // client/registerCapability, window/workDoneProgress/create, …: accept.
      this.otherRequests.push({ method, params });
      this.notify();
      return null;
    });
    this.connection.onNotification((method, params) => {
      this.otherNotifications.push({ method, params });
      this.notify();
    });
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Spawns the server (`node out/cli.js lsp --stdio`); the bundle must be built. */
  static start(options: StartOptions = {}): LspClient {
    const cli = options.cli ?? CLI;
    if (!existsSync(cli)) {
      throw new Error(`${cli} is missing: run \`npm run build\` first`);
    }
    const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: 'pipe',
    });
    return new LspClient(child, options);
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  private settingsFor(scopeUri: string | undefined, section: string | undefined): unknown {
    const source = this.settings;
    return typeof source === 'function' ? (source as (s: string | undefined, n: string | undefined) => unknown)(scopeUri, section) : source;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      waiter();
    }
  }

  /**
   * Resolves with the first truthy value of `check`, re-evaluated whenever a
   * message arrives or the server exits; rejects at the deadline or when the
   * server has exited. No fixed sleeps.
   */
  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (error: Error | null, value?: T): void => {
        if (done) {
          return;
        }
        done = true;
        this.waiters.delete(evaluate);
        clearTimeout(timer);
        if (error) {
          reject(error);
        } else {
          resolve(value as T);
        }
      };
      const evaluate = (): void => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          finish(error as Error);
          return;
        }
        if (value) {
          finish(null, value);
        } else if (this.exitInfo) {
          finish(new Error(`server exited (${JSON.stringify(this.exitInfo)}) while waiting for ${what}; stderr:\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.add(evaluate);
      evaluate();
    });
  }

  /** Races a request against a deadline and the server's exit. */
  private async request<R>(what: string, promise: Promise<R>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const exit = this.exited.then((info) => {
      throw new Error(`${what}: server exited ${JSON.stringify(info)}; stderr:\n${this.stderr}`);
    });
    try {
      return await Promise.race([promise, deadline, exit]);
    } finally {
      clearTimeout(timer);
    }
  }

  async initialize(options: InitializeOptions = {}): Promise<InitializeResult> {
    const configuration = options.configuration ?? true;
    const capabilities: ClientCapabilities = {
      ...options.capabilities,
      workspace: {
        configuration,
        didChangeConfiguration: { dynamicRegistration: false },
        workspaceFolders: true,
        ...options.capabilities?.workspace,
      },
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          isPreferredSupport: true,
          dataSupport: true,
        },
        completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
        ...options.capabilities?.textDocument,
      },
    };
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'kube-image-lens-test-client' },
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities,
      initializationOptions: options.initializationOptions,
    };
    const result = await this.request('initialize', this.connection.sendRequest(InitializeRequest.type, params));
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, version, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends incremental (or full, without a range) changes and applies them to the client's copy. */
  async change(uri: string, version: number, edits: TextDocumentContentChangeEvent[]): Promise<void> {
    const document = this.documents.get(uri);
    if (document) {
      this.documents.set(uri, TextDocument.update(document, edits, version));
    }
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: edits });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Applies a server's workspace edit as an editor does: to open documents only
   * (each change reaches the server as a didChange), refusing the whole edit when
   * a versioned document edit names a version the document has moved past.
   * Edits to files that are not open are only recorded in `appliedEdits`.
   */
  private async applyWorkspaceEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    this.appliedEdits.push(params);
    this.notify();
    const stale = (params.edit.documentChanges ?? []).find(
      (change) => 'textDocument' in change && change.textDocument.version !== null && change.textDocument.version !== this.version(change.textDocument.uri),
    );
    if (stale && 'textDocument' in stale) {
      return { applied: false, failureReason: `${stale.textDocument.uri} changed since version ${stale.textDocument.version}` };
    }
    const uris = new Set([...Object.keys(params.edit.changes ?? {}), ...(params.edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change ? [change.textDocument.uri] : []))]);
    for (const uri of uris) {
      const document = this.documents.get(uri);
      if (document) {
        await this.change(uri, document.version + 1, [{ text: applyEdits(document.getText(), editsFor(params.edit, uri)) }]);
      }
    }
    return { applied: true };
  }

  /** The client's copy of a document's text. */
  text(uri: string): string {
    const document = this.documents.get(uri);
    if (!document) {
      throw new Error(`${uri} is not open`);
    }
    return document.getText();
  }

  version(uri: string): number {
    return this.documents.get(uri)?.version ?? -1;
  }

  async didChangeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async sendNotification(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  publishCount(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  lastPublish(uri: string): PublishDiagnosticsParams | undefined {
    const list = this.publishes.get(uri);
    return list?.[list.length - 1];
  }

  /**
   * Waits until the latest publishDiagnostics for `uri` (received after the
   * `since`-th one, if given) satisfies `predicate`.
   */
  waitForDiagnostics(
    uri: string,
    predicate: (diagnostics: Diagnostic[], params: PublishDiagnosticsParams) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    since = 0,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      `diagnostics for ${uri}`,
      () => {
        if (this.publishCount(uri) <= since) {
          return undefined;
        }
        const last = this.lastPublish(uri);
        return last && predicate(last.diagnostics, last) ? last : undefined;
      },
      timeoutMs,
    ).catch((error: Error) => {
      const last = this.lastPublish(uri);
      throw new Error(`${error.message}\nlast publish: ${JSON.stringify(last ?? null, null, 1)}`);
    });
  }

  /** Waits for the publish of the client's current version of `uri` and returns it. */
  waitForCurrentDiagnostics(uri: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    const version = this.version(uri);
    return this.waitForDiagnostics(uri, (_d, params) => params.version === version, timeoutMs);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('hover', this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  }

  /** Definition locations (a single Location is returned as a list of one). */
  async definition(uri: string, position: Position): Promise<Array<Location | LocationLink>> {
    const result = await this.request('definition', this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }));
    return result === null ? [] : Array.isArray(result) ? result : [result];
  }

  async references(uri: string, position: Position, includeDeclaration = false): Promise<Location[]> {
    const result = await this.request('references', this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } }));
    return result ?? [];
  }

  async codeActions(uri: string, range: Range, only?: string[], diagnostics?: Diagnostic[]): Promise<Array<CodeAction | Command>> {
    const context: CodeActionContext = { diagnostics: diagnostics ?? this.lastPublish(uri)?.diagnostics ?? [], ...(only ? { only } : {}) };
    const result = await this.request('codeAction', this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context }));
    return result ?? [];
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionItem[] | CompletionList | null = await this.request(
      'completion',
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
    );
    if (!result) {
      return [];
    }
    return Array.isArray(result) ? result : result.items;
  }

  /** `workspace/executeCommand`, with the same deadline handling. */
  executeCommand<R>(command: string, args: unknown[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    return this.request(command, this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<R>, timeoutMs);
  }

  /** Any request, with the same deadline handling. */
  sendRequest<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    return this.request(method, this.connection.sendRequest<R>(method, params), timeoutMs);
  }

  /** `shutdown` then `exit`; resolves with how the process ended. */
  async shutdown(timeoutMs = 5_000): Promise<ExitInfo> {
    await this.request('shutdown', this.connection.sendRequest(ShutdownRequest.type), timeoutMs);
    await this.connection.sendNotification(ExitNotification.type);
    return this.waitFor('process exit after `exit`', () => this.exitInfo, timeoutMs);
  }

  /** Ends the server whatever its state: polite shutdown when alive, SIGKILL otherwise or on timeout. */
  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (this.alive) {
      try {
        await this.shutdown(3_000);
      } catch {
        // fall through to the kill
      }
    }
    if (this.alive) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text (edits must not overlap, as LSP requires). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), edits);
}

/** The edits of a workspace edit for one URI (`changes` or `documentChanges`). */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) {
    return [];
  }
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? change.edits.filter((e): e is TextEdit => 'range' in e) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

export function isCodeAction(item: CodeAction | Command): item is CodeAction {
  return typeof (item as Command).command !== 'string';
}
