import { promises as fs } from 'node:fs';
import { ioError } from './errors';
import type { InputFile } from './files';

export type ReadResult = { kind: 'text'; text: string } | { kind: 'skipped'; reason: string };

/** How far to look for a NUL byte, the usual sign of a binary file (as git does). */
const BINARY_SNIFF_BYTES = 8000;

/**
 * A manifest's text. Binary and non-UTF-8 files are skipped rather than
 * decoded into garbage: a stray archive in a manifests folder must not fail CI.
 * An unreadable file is an error: silently passing a check it never saw would.
 */
export async function readManifestText(file: InputFile): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file.absolutePath);
  } catch (error) {
    throw ioError('read', file.displayPath, error);
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { kind: 'skipped', reason: 'binary file' };
  }
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'skipped', reason: 'not valid UTF-8' };
  }
}
