import type { CancellationToken, Connection, ExecuteCommandParams, TextDocuments } from 'vscode-languageserver';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../core/model';
import type { AnalysedDocument, DocumentAnalyses } from '../documentAnalyses';
import type { MoreActions } from '../features/codeActions';
import type { HoverExtrasProvider } from '../features/hover';
import { workspaceFilesWithSettings } from '../features/workspaceManifests';
import type { EnvironmentParams } from '../protocol';
import { ServerCommands } from '../protocol';
import type { SettingsProvider } from '../settingsProvider';
import type { WorkspaceIndex } from '../workspaceIndex';
import { PinCommands } from './pinCommands';
import { Pinner } from './pinning';
import { RegistryCheck } from './registryCheck';
import { registryCodeActions } from './registryCodeActions';
import { RegistryDiagnostics } from './registryDiagnostics';
import { registryHover } from './registryHover';
import { RegistryService } from './registryService';
import { showUserMessage } from './userMessage';

export interface RegistryFeaturesOptions {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  /** Available once the server is initialized. */
  settings: () => SettingsProvider;
  environment: () => EnvironmentParams;
  workspaceIndex: WorkspaceIndex;
  /** The client applies `documentChanges` with versions (it then refuses edits to moved-on documents). */
  versionedEdits: () => boolean;
  /** Publish the document's diagnostics again (they include the registry findings). */
  republish: (document: TextDocument) => void;
}

/**
 * The registry side of the language server, assembled: commands, the hooks for
 * code actions, hovers and diagnostics, and the reactions to document events.
 */
export class RegistryFeatures {
  readonly moreActions: MoreActions;
  readonly hoverExtras: HoverExtrasProvider;

  private readonly service: RegistryService;
  private readonly diagnostics: RegistryDiagnostics;
  private readonly check: RegistryCheck;
  private readonly pins: PinCommands;

  constructor(private readonly options: RegistryFeaturesOptions) {
    const { connection, documents, analyses } = options;
    this.service = new RegistryService(connection, options.environment);
    this.diagnostics = new RegistryDiagnostics(this.service);
    this.check = new RegistryCheck(connection, documents, analyses, this.service, this.diagnostics, options.republish, () =>
      workspaceFilesWithSettings(options.workspaceIndex, documents, analyses, options.settings()),
    );
    const pinner = new Pinner(connection, documents, analyses, this.service, options.versionedEdits);
    this.pins = new PinCommands(connection, documents, analyses, options.settings, this.service, pinner, options.workspaceIndex);
    this.moreActions = registryCodeActions(() => this.service.trusted);
    this.hoverExtras = registryHover(this.service);
  }

  /** For `DiagnosticsScheduler`: registry findings of a checked document, from remembered observations. */
  extraFindings(document: TextDocument, analysed: AnalysedDocument): Finding[] {
    return this.diagnostics.findings(document, analysed);
  }

  async executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
    const [args] = params.arguments ?? [];
    try {
      switch (params.command) {
        case ServerCommands.pinImage:
          return await this.pins.pinImage(args, token);
        case ServerCommands.pinAllInFile:
          return await this.pins.pinAllInFile(args, token);
        case ServerCommands.pinAllInWorkspace:
          return await this.pins.pinAllInWorkspace(token);
        case ServerCommands.checkRegistry:
          return await this.check.command(args, token);
        case ServerCommands.clearRegistryCache:
          this.clearCache();
          return null;
        default:
          throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}`);
      }
    } catch (error) {
      if (error instanceof ResponseError) {
        throw error;
      }
      // A bug must not leave the client waiting, nor take the server down.
      this.options.connection.console.error(`${params.command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  documentOpenedOrSaved(document: TextDocument): void {
    this.check.documentOpenedOrSaved(document).catch((error: unknown) => {
      this.options.connection.console.error(`Registry check of ${document.uri} failed: ${String(error)}`);
    });
  }

  documentClosed(uri: string): void {
    this.check.stopAutomatic(uri);
    this.diagnostics.forget(uri);
  }

  /** Trust or proxy changed (the status says whether lookups are possible). */
  environmentChanged(): void {
    this.service.environmentChanged();
  }

  private clearCache(): void {
    this.service.clearCache();
    this.diagnostics.clear();
    this.options.documents.all().forEach((document) => this.options.republish(document));
    showUserMessage(this.options.connection, 'info', 'Registry cache cleared.');
  }
}
