import { closeSync, fstatSync, openSync, promises as fs, readFileSync } from 'node:fs';
import { FileAccessError } from './fileAccessError';
import type { InputFile } from './files';

/** Why a file was not analysed: only `size` is worth telling the user about in the editor (the others are not manifests). */
export type SkipCause = 'binary' | 'encoding' | 'size';

export type ReadResult = { kind: 'text'; text: string } | { kind: 'skipped'; reason: string; cause: SkipCause };

/** How far to look for a NUL byte, the usual sign of a binary file (as git does). */
const BINARY_SNIFF_BYTES = 8000;

/** Default for `maxFileSizeMiB` (setting and CLI option): bigger files are generated dumps, not manifests someone edits. */
export const DEFAULT_MAX_FILE_SIZE_MIB = 10;

const MIB = 1024 * 1024;

/** Throws on the first invalid byte instead of putting U+FFFD there; reusable, as decode() without `stream` starts afresh. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A manifest's text. Binary, non-UTF-8 and oversized files are skipped (with
 * the reason) rather than decoded into garbage or loaded whole: a stray archive
 * or dump in a manifests folder must not fail CI nor stall the editor. An
 * unreadable file is an error (FileAccessError): silently passing a check it
 * never saw would be worse.
 */
export async function readManifestText(file: InputFile, maxFileSizeMiB = DEFAULT_MAX_FILE_SIZE_MIB): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const handle = await fs.open(file.absolutePath, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxFileSizeMiB * MIB) {
        return tooLarge(size, maxFileSizeMiB);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new FileAccessError('read', file.displayPath, error);
  }
  return decodeManifest(bytes);
}

/**
 * `readManifestText` blocking the thread: for worker threads and the CLI,
 * where nothing else waits on the thread and the four promise round trips of
 * the asynchronous read cost more than the read itself.
 */
export function readManifestTextSync(file: InputFile, maxFileSizeMiB = DEFAULT_MAX_FILE_SIZE_MIB): ReadResult {
  let bytes: Buffer;
  try {
    const descriptor = openSync(file.absolutePath, 'r');
    try {
      const { size } = fstatSync(descriptor);
      if (size > maxFileSizeMiB * MIB) {
        return tooLarge(size, maxFileSizeMiB);
      }
      bytes = readFileSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    throw new FileAccessError('read', file.displayPath, error);
  }
  return decodeManifest(bytes);
}

function tooLarge(size: number, maxFileSizeMiB: number): ReadResult {
  return { kind: 'skipped', reason: `larger than ${maxFileSizeMiB} MiB (${(size / MIB).toFixed(1)} MiB; see maxFileSizeMiB)`, cause: 'size' };
}

function decodeManifest(bytes: Buffer): ReadResult {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { kind: 'skipped', reason: 'binary file', cause: 'binary' };
  }
  try {
    return { kind: 'text', text: STRICT_UTF8.decode(bytes) };
  } catch {
    return { kind: 'skipped', reason: 'not valid UTF-8', cause: 'encoding' };
  }
}
