import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ImageOccurrence } from '../../core/model';
import { lookupsOf } from '../../core/pin/lookups';
import { isRegistryError } from '../../registry';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { AnalysedFile } from '../features/workspaceManifests';
import { analysedSnapshot } from '../features/workspaceManifests';
import type { CommandProgress } from './commandProgress';
import { startCommandProgress } from './commandProgress';
import type { RegistryDiagnostics } from './registryDiagnostics';
import type { RegistryService } from './registryService';
import type { RegistrySettings } from './registrySettings';
import { registrySettingsOf } from './registrySettings';
import { UNTRUSTED_MESSAGE } from './registryStatus';
import { showUserMessage } from './userMessage';

/**
 * Looks the images of documents up in their registries and has their
 * diagnostics republished with the registry findings: on the `checkRegistry`
 * command, or on open and save when `registry.lookups` is `onOpenAndSave`.
 */
export class RegistryCheck {
  /** Automatic checks in flight, per document: a newer save or a close stops the older one. */
  private readonly automatic = new Map<string, AbortController>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: DocumentAnalyses,
    private readonly registry: RegistryService,
    private readonly diagnostics: RegistryDiagnostics,
    private readonly republish: (document: TextDocument) => void,
    /** Every manifest of the workspace: open documents and the project index. */
    private readonly workspaceFiles: () => Promise<AnalysedFile[]>,
  ) {}

  /** The command: `{ uri }` checks one open document, `{}` the whole workspace (open documents and the project index). */
  async command(args: unknown, token: CancellationToken): Promise<{ checked: number }> {
    const uri = (args as { uri?: unknown } | null | undefined)?.uri;
    if (!this.registry.trusted) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_MESSAGE);
    }
    const document = typeof uri === 'string' ? this.documents.get(uri) : undefined;
    if (typeof uri === 'string' && !document) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `${uri} is not open in the editor.`);
    }
    const progress = await startCommandProgress(this.connection, 'Checking images against their registries', token);
    let result: CheckCounts;
    try {
      this.registry.forgetCachedAnswers();
      result = await this.check(document ? [await analysedSnapshot(document, this.analyses)] : await this.workspaceFiles(), progress);
    } finally {
      progress.done();
    }
    if (progress.signal.aborted) {
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The registry check was cancelled.');
    }
    const { checked, unavailable } = result;
    const images = `${checked} image${checked === 1 ? '' : 's'}`;
    if (unavailable > 0) {
      showUserMessage(
        this.connection,
        'warning',
        `Checked ${images} against their registries; ${unavailable} could not be checked (registry unreachable or login needed): see the Problems panel.`,
      );
    } else {
      showUserMessage(this.connection, 'info', `Checked ${images} against their registries.`);
    }
    return { checked };
  }

  /** On open and save: a background check (cached answers allowed) when the user opted in. */
  async documentOpenedOrSaved(document: TextDocument): Promise<void> {
    if (!this.registry.trusted) {
      return;
    }
    const { settings } = await this.analyses.get(document);
    if (registrySettingsOf(settings).lookups !== 'onOpenAndSave') {
      return;
    }
    this.stopAutomatic(document.uri);
    const controller = new AbortController();
    this.automatic.set(document.uri, controller);
    const silent: CommandProgress = { signal: controller.signal, report: () => undefined, done: () => undefined };
    try {
      await this.check([await analysedSnapshot(document, this.analyses)], silent);
    } finally {
      if (this.automatic.get(document.uri) === controller) {
        this.automatic.delete(document.uri);
      }
    }
  }

  stopAutomatic(uri: string): void {
    this.automatic.get(uri)?.abort();
    this.automatic.delete(uri);
  }

  /** Observes each distinct image text once; counts the images looked up and those whose registry could not answer. */
  private async check(files: readonly AnalysedFile[], progress: CommandProgress): Promise<CheckCounts> {
    const distinct = new Map<string, { image: ImageOccurrence; settings: RegistrySettings }>();
    for (const manifest of files) {
      for (const image of manifest.analysis.images) {
        if (lookupsOf(image.reference) && !distinct.has(image.image)) {
          distinct.set(image.image, { image, settings: registrySettingsOf(manifest.settings) });
        }
      }
    }
    let done = 0;
    let unavailable = 0;
    progress.report(done, distinct.size);
    await Promise.all(
      [...distinct.values()].map(async ({ image, settings }) => {
        try {
          const observation = await this.registry.observe(image, settings, progress.signal);
          if (observation?.outcome === 'unreachable' || observation?.outcome === 'auth-required') {
            unavailable++;
          }
        } catch (error) {
          // Cancelled lookups leave no observation; anything else is a bug worth a log line.
          if (!isRegistryError(error) || error.kind !== 'cancelled') {
            this.connection.console.error(`Registry check of ${image.image} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        } finally {
          progress.report(++done, distinct.size);
        }
      }),
    );
    // Even a cancelled check shows what it found.
    for (const { uri } of files) {
      const open = this.documents.get(uri);
      if (open) {
        this.diagnostics.markChecked(uri);
        this.republish(open);
      }
    }
    return { checked: distinct.size, unavailable };
  }
}

interface CheckCounts {
  checked: number;
  unavailable: number;
}
