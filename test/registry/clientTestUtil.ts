/**
 * Small helpers shared by the registry client integration tests (not a harness:
 * registries, pushes and proxies come from ./harness).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistryClient } from '../../server/src/registry';
import type { RegistryClientOptions } from '../../server/src/registry';

const dirs: string[] = [];
const clients: RegistryClient[] = [];

/** A temp DOCKER_CONFIG dir holding `auths` for the given hosts. */
export function dockerConfigDir(auths: Record<string, { username: string; password: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-dockercfg-'));
  dirs.push(dir);
  const entries = Object.fromEntries(Object.entries(auths).map(([host, u]) => [host, { auth: Buffer.from(`${u.username}:${u.password}`).toString('base64') }]));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: entries }));
  return dir;
}

/** An empty home so the real ~/.docker and ~/.config/containers are never read. */
export function emptyHome(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-home-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.docker'));
  return dir;
}

/** A client isolated from the machine's credentials and proxy variables. */
export function newClient(opts: RegistryClientOptions = {}): RegistryClient {
  const c = new RegistryClient({ env: {}, homeDir: emptyHome(), retries: 2, backoffMs: 20, ...opts });
  clients.push(c);
  return c;
}

export async function cleanupClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
}

export function repoName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}
