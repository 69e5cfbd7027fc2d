/**
 * A workspace where one folder and one file cannot be read, and how to run a
 * server or CLI on it so that the failure is real: tests run as root here and
 * root reads a `chmod 000` path anyway, so the process under test drops to
 * `nobody` (runAsNobody.mjs) before it starts.
 */
import { chmodSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const RUN_AS_NOBODY = `--import ${pathToFileURL(path.join(__dirname, 'runAsNobody.mjs')).href}`;

/** Readable manifests, and the two paths made unreadable by `lockDown`. */
export const READABLE = ['a/web.yaml', 'z/api.yaml'] as const;
export const LOCKED_FOLDER = 'locked';
export const LOCKED_FILE = 'secret.yaml';

/** Makes the workspace traversable by `nobody` except the locked folder and file. */
export function lockDown(dir: string): void {
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, LOCKED_FOLDER), 0o000);
  chmodSync(path.join(dir, LOCKED_FILE), 0o000);
}

/** The effective user id of a running process (to prove the drop to `nobody` happened). */
export function effectiveUid(pid: number): number {
  const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(uids?.[2]);
}
