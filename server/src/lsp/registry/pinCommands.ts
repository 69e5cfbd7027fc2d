import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { WorkspaceManifest } from '../features/workspaceManifests';
import { analysedSnapshot, workspaceManifests } from '../features/workspaceManifests';
import type { PinImageArgs, PinSummary } from '../protocol';
import type { SettingsProvider } from '../settingsProvider';
import type { WorkspaceIndex } from '../workspaceIndex';
import { startCommandProgress } from './commandProgress';
import { documentPinPlan, imageAtPosition } from './pinPlan';
import type { PinFile, Pinner } from './pinning';
import type { RegistryService } from './registryService';
import { registrySettingsOf } from './registrySettings';
import { UNTRUSTED_MESSAGE } from './registryStatus';
import { showUserMessage } from './userMessage';

/** Failure reasons listed in the summary message; the rest are counted. */
const LISTED_FAILURES = 5;

function isPinImageArgs(value: unknown): value is PinImageArgs {
  const args = value as Partial<PinImageArgs> | null;
  return (
    typeof args?.uri === 'string' &&
    Number.isInteger(args.line) &&
    Number.isInteger(args.character) &&
    (args.mode === undefined || args.mode === 'keepTag' || args.mode === 'digestOnly')
  );
}

function emptySummary(): PinSummary {
  return { pinned: 0, alreadyPinned: 0, failed: [] };
}

/** "Pinned N, already pinned M, failed K: image: reason; …" */
function summaryMessage(summary: PinSummary): string {
  const counts = `Pinned ${summary.pinned}, already pinned ${summary.alreadyPinned}, failed ${summary.failed.length}`;
  if (summary.failed.length === 0) {
    return `${counts}.`;
  }
  const listed = summary.failed.slice(0, LISTED_FAILURES).map((failure) => `${failure.image}: ${failure.reason}`);
  const more = summary.failed.length > LISTED_FAILURES ? `; and ${summary.failed.length - LISTED_FAILURES} more` : '';
  return `${counts}: ${listed.join('; ')}${more}`;
}

/**
 * The pin commands: one image (pin or refresh its digest), every image of a
 * file, every image of the workspace. Refusals (untrusted workspace, bad
 * arguments) are request errors; outcomes are shown with `window/showMessage`
 * and returned as a `PinSummary`.
 */
export class PinCommands {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: DocumentAnalyses,
    private readonly settings: () => SettingsProvider,
    private readonly registry: RegistryService,
    private readonly pinner: Pinner,
    private readonly workspaceIndex: WorkspaceIndex,
  ) {}

  async pinImage(args: unknown, token: CancellationToken): Promise<PinSummary> {
    if (!isPinImageArgs(args)) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'pinImage expects { uri, line, character, mode? }');
    }
    this.requireTrust();
    const manifest = await analysedSnapshot(this.openDocument(args.uri), this.analyses);
    const image = imageAtPosition(manifest.analysis, args);
    if (!image) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `There is no image at line ${args.line + 1}, column ${args.character + 1}.`);
    }
    const summary = emptySummary();
    const plan = documentPinPlan(manifest.snapshot, image, { refresh: true });
    if (plan.kind === 'cannot') {
      summary.failed.push({ uri: args.uri, image: image.image, reason: plan.reason });
    } else if (plan.kind === 'lookup') {
      const settings = registrySettingsOf(manifest.settings);
      const target = { image, plan, mode: args.mode ?? settings.pinMode, settings };
      await this.run(`Looking up ${image.image}`, token, summary, async () => [{ uri: args.uri, snapshot: manifest.snapshot, targets: [target] }]);
    }
    const failure = summary.failed[0];
    if (failure) {
      showUserMessage(this.connection, 'error', `Could not pin ${failure.image}: ${failure.reason}`);
    } else if (summary.alreadyPinned > 0) {
      showUserMessage(this.connection, 'info', `${image.image} is already pinned to the current digest of its tag.`);
    }
    return summary;
  }

  async pinAllInFile(args: unknown, token: CancellationToken): Promise<PinSummary> {
    const uri = (args as { uri?: unknown } | null)?.uri;
    if (typeof uri !== 'string') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'pinAllInFile expects { uri }');
    }
    this.requireTrust();
    const document = this.openDocument(uri);
    return this.pinAll('Pinning the images of the file', token, async (summary) => [this.pinFile(await analysedSnapshot(document, this.analyses), summary)]);
  }

  async pinAllInWorkspace(token: CancellationToken): Promise<PinSummary> {
    this.requireTrust();
    return this.pinAll('Pinning the images of the workspace', token, async (summary) => {
      const files: PinFile[] = [];
      for await (const manifest of workspaceManifests(this.workspaceIndex, this.documents, this.analyses, this.settings())) {
        files.push(this.pinFile(manifest, summary));
      }
      return files;
    });
  }

  private async pinAll(title: string, token: CancellationToken, collect: (summary: PinSummary) => Promise<PinFile[]>): Promise<PinSummary> {
    const summary = emptySummary();
    await this.run(title, token, summary, collect);
    showUserMessage(this.connection, summary.failed.length > 0 ? 'warning' : 'info', summaryMessage(summary));
    return summary;
  }

  private async run(title: string, token: CancellationToken, summary: PinSummary, collect: (summary: PinSummary) => Promise<PinFile[]>): Promise<void> {
    const progress = await startCommandProgress(this.connection, title, token);
    try {
      const files = await collect(summary);
      this.registry.forgetCachedAnswers();
      await this.pinner.pin(files, summary, progress);
    } finally {
      progress.done();
    }
  }

  /** A file's images to pin; already pinned ones are counted, placeholders left alone, others that cannot be pinned fail. */
  private pinFile(manifest: WorkspaceManifest, summary: PinSummary): PinFile {
    const settings = registrySettingsOf(manifest.settings);
    const file: PinFile = { uri: manifest.uri, snapshot: manifest.snapshot, targets: [] };
    for (const image of manifest.analysis.images) {
      if (image.unresolved) {
        // Filled in by another tool: nothing to pin here, and nothing failed.
        continue;
      }
      const plan = documentPinPlan(manifest.snapshot, image, { refresh: false });
      if (plan.kind === 'already-pinned') {
        summary.alreadyPinned++;
      } else if (plan.kind === 'cannot') {
        summary.failed.push({ uri: manifest.uri, image: image.image, reason: plan.reason });
      } else {
        file.targets.push({ image, plan, mode: settings.pinMode, settings });
      }
    }
    return file;
  }

  private requireTrust(): void {
    if (!this.registry.trusted) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_MESSAGE);
    }
  }

  private openDocument(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `${uri} is not open in the editor.`);
    }
    return document;
  }
}
