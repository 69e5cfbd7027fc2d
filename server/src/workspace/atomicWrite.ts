import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Why a file was not written: it changed on disk after it was analysed. */
export class FileChangedError extends Error {
  constructor() {
    super('file changed while pinning');
    this.name = 'FileChangedError';
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Replaces `absolutePath` with `newText`, atomically: a temporary file in the
 * same directory is written, flushed to disk and renamed over the original,
 * keeping its mode. A symbolic link is followed, so the target is updated and
 * the link stays. The file is read again first; when its text is no longer
 * `analysedText` nothing is written and FileChangedError is thrown. A UTF-8
 * byte order mark is kept.
 */
export async function replaceFileAtomically(absolutePath: string, analysedText: string, newText: string): Promise<void> {
  const target = await fs.realpath(absolutePath);
  const current = await fs.readFile(target);
  const hasBom = current.subarray(0, 3).equals(UTF8_BOM);
  let currentText: string;
  try {
    currentText = new TextDecoder('utf-8', { fatal: true }).decode(current);
  } catch {
    throw new FileChangedError();
  }
  if (currentText !== analysedText) {
    throw new FileChangedError();
  }
  const stats = await fs.stat(target);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', stats.mode & 0o7777);
  try {
    try {
      await handle.writeFile(hasBom ? Buffer.concat([UTF8_BOM, Buffer.from(newText, 'utf8')]) : Buffer.from(newText, 'utf8'));
      await handle.chmod(stats.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename durable; some file systems refuse to open directories, which is not worth failing over. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
