/** Small text helpers for LSP tests: positions and ranges found by searching the text. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The 0-based LSP position (UTF-16 characters) of an offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  return TextDocument.create('file:///x', 'yaml', 0, text).positionAt(offset);
}

export function offsetAt(text: string, position: Position): number {
  return TextDocument.create('file:///x', 'yaml', 0, text).offsetAt(position);
}

/** Offset of the `occurrence`-th (0-based) match of `needle`; throws when absent. */
export function indexOf(text: string, needle: string, occurrence = 0): number {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) {
      throw new Error(`${JSON.stringify(needle)} (#${occurrence}) not found in the text`);
    }
  }
  return index;
}

/** Range covering the `occurrence`-th match of `needle`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  const start = indexOf(text, needle, occurrence);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** Position `delta` characters into the `occurrence`-th match of `needle`. */
export function positionIn(text: string, needle: string, delta = 1, occurrence = 0): Position {
  return positionAt(text, indexOf(text, needle, occurrence) + delta);
}

export { deployment, lines } from '../../fixtures/manifests';

/** A temporary directory, removed by `cleanup`; `uri(relative)` names a file in it. */
export function tempWorkspace(prefix = 'kil-lsp-'): {
  dir: string;
  uri: (relative: string) => string;
  rootUri: string;
  /** Writes each file (path relative to the workspace → text), creating its folders. */
  write: (files: Record<string, string>) => void;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    rootUri: pathToFileURL(dir).href,
    uri: (relative) => pathToFileURL(path.join(dir, relative)).href,
    write: (files) => {
      for (const [relative, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
        writeFileSync(path.join(dir, relative), text);
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let counter = 0;
/** A fresh untitled-like file URI, unique per call, under a fake directory. */
export function fileUri(name: string): string {
  counter++;
  return `file:///kil-test/${counter}/${name}`;
}
