import { URI } from 'vscode-uri';
import type { Connection, TextDocuments, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { LSPErrorCodes, ResponseError, TextDocumentEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ImageOccurrence } from '../../core/model';
import type { PinMode, PinPlan } from '../../core/pin/plan';
import type { PinEdit } from '../../core/pin/plan';
import { editsByFile, pinEdits } from '../../core/pin/plan';
import { withDigest } from '../../core/reference/pinnedImage';
import { readManifestText } from '../../workspace/readText';
import { isRegistryError } from '../../registry';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { PinSummary } from '../protocol';
import type { CommandProgress } from './commandProgress';
import { documentPinPlan, relocate } from './pinPlan';
import type { RegistryService } from './registryService';
import type { RegistrySettings } from './registrySettings';

export interface PinTarget {
  image: ImageOccurrence;
  plan: Extract<PinPlan, { kind: 'lookup' }>;
  mode: PinMode;
  settings: RegistrySettings;
}

/** The images to pin in one file, as analysed before any lookup. */
export interface PinFile {
  uri: string;
  snapshot: TextDocument;
  targets: PinTarget[];
}

type Answer = { digest: string } | { error: string };

function lookupKey({ plan: { lookup } }: PinTarget): string {
  return `${lookup.domain}/${lookup.path}:${lookup.reference}`;
}

function reasonOf(error: unknown): string {
  return isRegistryError(error) ? error.message : `cannot pin: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Looks up each distinct tag once, then writes every digest in one
 * `WorkspaceEdit`. The edit is built against the text as it is *after* the
 * lookups: an unchanged text keeps the ranges, a changed open document is
 * re-analysed and each image found again at the same position with the same
 * text, anything else fails rather than writing a digest into the wrong place.
 */
export class Pinner {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: DocumentAnalyses,
    private readonly registry: RegistryService,
    private readonly versionedEdits: () => boolean,
  ) {}

  /** Adds to `summary` (which may already count images that needed no lookup) and returns it. */
  async pin(files: readonly PinFile[], summary: PinSummary, progress: CommandProgress): Promise<PinSummary> {
    const answers = await this.lookUp(files, progress);
    if (progress.signal.aborted) {
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Pinning was cancelled; nothing was changed.');
    }
    const fail = (uri: string, image: ImageOccurrence, reason: string): void => {
      summary.failed.push({ uri, image: image.image, reason });
    };
    const planned: PinEdit[] = [];
    const written: Array<{ uri: string; image: ImageOccurrence }> = [];
    for (const file of files) {
      const current = await this.currentImages(file);
      for (const target of file.targets) {
        const answer = answers.get(lookupKey(target));
        const image = current.images && relocate(current.images, target.image);
        if (!answer || 'error' in answer) {
          fail(file.uri, target.image, answer?.error ?? 'not looked up');
        } else if (!image) {
          fail(file.uri, target.image, current.why);
        } else {
          // The plan again, against the text as it is now (an edit may have moved the image).
          const plan = documentPinPlan(current.document, image, { refresh: true });
          if (plan.kind !== 'lookup') {
            fail(file.uri, target.image, plan.kind === 'cannot' ? plan.reason : current.why);
            continue;
          }
          let pinned: PinEdit[];
          try {
            pinned = withDigest(image.image, answer.digest, target.mode) === image.image ? [] : pinEdits(image, plan, answer.digest, target.mode);
          } catch (error) {
            fail(file.uri, image, reasonOf(error));
            continue;
          }
          if (pinned.length === 0) {
            summary.alreadyPinned++;
          } else {
            // Units name other files by path (a kustomization, a values file).
            planned.push(...pinned.map((edit) => ({ ...edit, file: edit.file === null ? file.uri : URI.file(edit.file).toString() })));
            written.push({ uri: file.uri, image });
          }
        }
      }
    }
    if (written.length === 0) {
      return summary;
    }
    // One edit per place: an anchor or values key shared by several images is written once.
    const { files: byUri, conflicts } = editsByFile(planned);
    if (conflicts.length > 0) {
      written.splice(0).forEach(({ uri, image }) => fail(uri, image, 'two images need different texts at the same place; pin them one by one'));
      return summary;
    }
    const edit: WorkspaceEdit = {};
    for (const [uri, edits] of byUri) {
      const target = uri ?? '';
      this.addEdits(edit, target, this.documents.get(target)?.version ?? null, edits.map(({ range, newText }) => ({ range, newText })));
    }
    const result = await this.connection.workspace.applyEdit({ label: 'Pin images to digests', edit });
    if (result.applied) {
      summary.pinned += written.length;
    } else {
      const reason = `the editor did not apply the edit${result.failureReason ? `: ${result.failureReason}` : ''}`;
      written.forEach(({ uri, image }) => fail(uri, image, reason));
    }
    return summary;
  }

  private async lookUp(files: readonly PinFile[], progress: CommandProgress): Promise<Map<string, Answer>> {
    const distinct = new Map<string, PinTarget>();
    files.forEach((file) => file.targets.forEach((target) => distinct.set(lookupKey(target), distinct.get(lookupKey(target)) ?? target)));
    const answers = new Map<string, Answer>();
    let done = 0;
    progress.report(done, distinct.size);
    await Promise.all(
      [...distinct].map(async ([key, target]) => {
        try {
          const resolved = await this.registry.resolveForPin(target.plan.lookup, target.settings, progress.signal);
          answers.set(key, { digest: resolved.digest });
        } catch (error) {
          answers.set(key, { error: reasonOf(error) });
        } finally {
          progress.report(++done, distinct.size);
        }
      }),
    );
    return answers;
  }

  /** The file's images now, with the version an edit must apply to (null: a file on disk). */
  private async currentImages(file: PinFile): Promise<{ images: ImageOccurrence[] | null; document: TextDocument; why: string }> {
    const open = this.documents.get(file.uri);
    const snapshot = file.targets.map((target) => target.image);
    if (open) {
      if (open.getText() === file.snapshot.getText()) {
        return { images: snapshot, document: open, why: '' };
      }
      const { analysis } = await this.analyses.get(open);
      return { images: analysis.images, document: open, why: 'the image moved or changed during the lookup; nothing was written' };
    }
    const path = URI.parse(file.uri).fsPath;
    const disk = await readManifestText({ absolutePath: path, displayPath: path }).catch(() => null);
    return disk?.kind === 'text' && disk.text === file.snapshot.getText()
      ? { images: snapshot, document: file.snapshot, why: '' }
      : { images: null, document: file.snapshot, why: 'the file changed or was closed during the lookup; nothing was written' };
  }

  private addEdits(edit: WorkspaceEdit, uri: string, version: number | null, edits: TextEdit[]): void {
    if (this.versionedEdits()) {
      // The client refuses the edit if the document moved past `version` meanwhile.
      edit.documentChanges = [...(edit.documentChanges ?? []), TextDocumentEdit.create({ uri, version }, edits)];
    } else {
      edit.changes = { ...edit.changes, [uri]: edits };
    }
  }
}
