/**
 * Last-resort clean-up for everything the harness starts. `stop()` is the normal
 * path; this registry of live process groups and temp dirs makes sure a test that
 * crashes, forgets `stop()` or is interrupted leaves no registry running and no
 * temp dir behind.
 */
import { rmSync } from 'node:fs';

const processGroups = new Set<number>();
const tempDirs = new Set<string>();
let hooksInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    // Negative pid = the whole process group (children are spawned detached).
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function cleanUpEverything(): void {
  for (const pgid of processGroups) {
    killGroup(pgid, 'SIGKILL');
  }
  processGroups.clear();
  for (const dir of tempDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
  tempDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  process.on('exit', cleanUpEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `once`: after cleaning up, re-raise so the default action (exit) still happens.
    process.once(signal, () => {
      cleanUpEverything();
      process.kill(process.pid, signal);
    });
  }
}

export function trackProcessGroup(pgid: number): void {
  installHooks();
  processGroups.add(pgid);
}

export function untrackProcessGroup(pgid: number): void {
  processGroups.delete(pgid);
}

export function trackTempDir(dir: string): void {
  installHooks();
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** SIGTERM the group, SIGKILL it if it is still there after `graceMs`. */
export async function stopProcessGroup(pgid: number, exited: Promise<void>, graceMs = 2000): Promise<void> {
  killGroup(pgid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    killGroup(pgid, 'SIGKILL');
    await exited;
  }
  untrackProcessGroup(pgid);
}
