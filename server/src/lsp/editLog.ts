import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextChange } from '../core/analyze';

/** The changes a document went through since `fromVersion`, as offsets. */
export interface PendingEdits {
  fromVersion: number;
  changes: TextChange[];
}

/**
 * Records the editor's incremental changes as offset edits while the text
 * documents apply them, so an analysis can update its split of the file from
 * the changes alone instead of scanning the whole new text. Pass `documents`
 * to `new TextDocuments(...)`.
 */
export class EditLog {
  private readonly pending = new Map<string, PendingEdits>();

  readonly documents: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.pending.set(uri, { fromVersion: version, changes: [] });
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      const log = this.pending.get(document.uri);
      for (const change of changes) {
        // Each change's range refers to the text the previous one left, so offsets are taken one change at a time.
        log?.changes.push(toTextChange(document, change));
        TextDocument.update(document, [change], version);
      }
      return document;
    },
  };

  /** The changes since the last `take` (or the open), handing the log over: the next ones start from the document's current version. */
  take(document: TextDocument): PendingEdits | null {
    const log = this.pending.get(document.uri);
    this.pending.set(document.uri, { fromVersion: document.version, changes: [] });
    return log ?? null;
  }

  forget(uri: string): void {
    this.pending.delete(uri);
  }
}

function toTextChange(document: TextDocument, change: TextDocumentContentChangeEvent): TextChange {
  return 'range' in change
    ? { start: document.offsetAt(change.range.start), end: document.offsetAt(change.range.end), text: change.text }
    : { start: 0, end: document.getText().length, text: change.text };
}
