/**
 * Where credentials for a registry come from.
 *
 * `DockerCredentialStore` looks, in order, at:
 *  1. the Docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`):
 *     `credHelpers[host]`, else `credsStore` (both only when helpers are allowed),
 *     then the inline `auths` entry;
 *  2. containers/Podman auth files: `$REGISTRY_AUTH_FILE`,
 *     `$XDG_RUNTIME_DIR/containers/auth.json`, `$XDG_CONFIG_HOME/containers/auth.json`
 *     (default `~/.config/containers/auth.json`).
 * None found → anonymous. A lookup also returns a `note` explaining why configured
 * credentials were not used (helper not allowed, helper failed, unreadable file):
 * it is shown in auth errors and never contains secret material.
 */

import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CredentialHelperError, runCredentialHelper } from './credentialHelper';
import { findDockerKey, findPodmanKey, helperServerUrl, parseAuthFile } from './dockerConfig';
import type { AuthEntry, AuthTarget, ParsedAuthFile } from './dockerConfig';

export interface Credentials extends AuthEntry {
  /** Where they came from, for messages (a file path or `credential helper docker-credential-x`). */
  source: string;
}

export interface CredentialLookup {
  credentials: Credentials | null;
  /** Why configured credentials were not used; safe to show. */
  note?: string;
}

export interface CredentialStore {
  lookup(target: AuthTarget, signal?: AbortSignal): Promise<CredentialLookup>;
  /** Forget cached helper answers (called by `RegistryClient.clearCache()`). */
  clear?(): void;
}

export interface DockerCredentialStoreOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Run `docker-credential-*` programs. Default false. */
  allowCredentialHelpers?: boolean;
  helperTimeoutMs?: number;
}

/** Candidate auth files in lookup order. */
export function authFilePaths(env: NodeJS.ProcessEnv, homeDir: string): { docker: string; podman: string[] } {
  const docker = env['DOCKER_CONFIG'] ? path.join(env['DOCKER_CONFIG'], 'config.json') : path.join(homeDir, '.docker', 'config.json');
  const podman: string[] = [];
  if (env['REGISTRY_AUTH_FILE']) {
    podman.push(env['REGISTRY_AUTH_FILE']);
  }
  if (env['XDG_RUNTIME_DIR']) {
    podman.push(path.join(env['XDG_RUNTIME_DIR'], 'containers', 'auth.json'));
  }
  podman.push(path.join(env['XDG_CONFIG_HOME'] || path.join(homeDir, '.config'), 'containers', 'auth.json'));
  return { docker, podman: [...new Set(podman)] };
}

export class DockerCredentialStore implements CredentialStore {
  private readonly env: NodeJS.ProcessEnv;
  private readonly homeDir: string;
  private readonly allowHelpers: boolean;
  private readonly helperTimeoutMs: number;
  private readonly helperCache = new Map<string, Promise<AuthEntry | null>>();
  /** Each auth file as last read, with the stamp it had: a burst of lookups (one per repository) reads it once. */
  private readonly files = new Map<string, { stamp: string; parsed: ParsedAuthFile | null; notes: string[] }>();

  constructor(opts: DockerCredentialStoreOptions = {}) {
    this.env = opts.env ?? process.env;
    this.homeDir = opts.homeDir ?? this.env['HOME'] ?? os.homedir();
    this.allowHelpers = opts.allowCredentialHelpers ?? false;
    this.helperTimeoutMs = opts.helperTimeoutMs ?? 10_000;
  }

  clear(): void {
    this.helperCache.clear();
    this.files.clear();
  }

  async lookup(target: AuthTarget, signal?: AbortSignal): Promise<CredentialLookup> {
    const notes: string[] = [];
    const files = authFilePaths(this.env, this.homeDir);

    const docker = this.authFile(files.docker, notes);
    if (docker) {
      const found = await this.fromFile(docker, files.docker, target, 'docker', notes, signal);
      if (found) {
        return withNote({ credentials: found }, notes);
      }
    }
    for (const file of files.podman) {
      const parsed = this.authFile(file, notes);
      if (parsed) {
        const found = await this.fromFile(parsed, file, target, 'podman', notes, signal);
        if (found) {
          return withNote({ credentials: found }, notes);
        }
      }
    }
    return withNote({ credentials: null }, notes);
  }

  /** The parsed file, read again only when it changed (`docker login` writes a new file), so edits apply at once. */
  private authFile(file: string, notes: string[]): ParsedAuthFile | null {
    let stamp: string;
    try {
      const stat = statSync(file, { throwIfNoEntry: false });
      if (stat === undefined) {
        return null;
      }
      stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    } catch {
      return readAuthFile(file, notes); // says why it cannot be read
    }
    let cached = this.files.get(file);
    if (cached?.stamp !== stamp) {
      const fileNotes: string[] = [];
      cached = { stamp, parsed: readAuthFile(file, fileNotes), notes: fileNotes };
      this.files.set(file, cached);
    }
    notes.push(...cached.notes);
    return cached.parsed;
  }

  private async fromFile(
    parsed: ParsedAuthFile,
    file: string,
    target: AuthTarget,
    style: 'docker' | 'podman',
    notes: string[],
    signal?: AbortSignal,
  ): Promise<Credentials | null> {
    const helperKey = findDockerKey(Object.keys(parsed.credHelpers), target);
    const helper = helperKey !== undefined ? parsed.credHelpers[helperKey] : parsed.credsStore;
    if (helper) {
      const program = `docker-credential-${helper}`;
      if (!this.allowHelpers) {
        notes.push(`${file} keeps credentials for ${target.host} in ${program}, which is not run for this configuration`);
      } else {
        const url = helperServerUrl(target);
        const cacheKey = `${helper}\n${url}`;
        let pending = this.helperCache.get(cacheKey);
        if (!pending) {
          pending = runCredentialHelper(helper, url, { env: this.env, timeoutMs: this.helperTimeoutMs, ...(signal ? { signal } : {}) });
          this.helperCache.set(cacheKey, pending);
          pending.catch(() => this.helperCache.delete(cacheKey));
        }
        try {
          const entry = await pending;
          if (entry) {
            return { ...entry, source: `credential helper ${program}` };
          }
        } catch (e) {
          notes.push(e instanceof CredentialHelperError ? e.message : `${program} failed`);
        }
      }
    }
    const key = style === 'docker' ? findDockerKey(Object.keys(parsed.auths), target) : findPodmanKey(Object.keys(parsed.auths), target);
    if (key !== undefined) {
      const entry = parsed.auths[key];
      if (entry) {
        return { ...entry, source: file };
      }
    }
    return null;
  }
}

function withNote(lookup: CredentialLookup, notes: string[]): CredentialLookup {
  return notes.length > 0 ? { ...lookup, note: notes.join('; ') } : lookup;
}

function readAuthFile(file: string, notes: string[]): ParsedAuthFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      notes.push(`${file} cannot be read (${code ?? 'error'})`);
    }
    return null;
  }
  try {
    const parsed = parseAuthFile(text);
    for (const p of parsed.problems) {
      notes.push(`${file}: ${p}`);
    }
    return parsed;
  } catch {
    notes.push(`${file} is not valid JSON`);
    return null;
  }
}

/** Fixed credentials per registry host (settings, tests). Keys are matched like docker config keys. */
export class StaticCredentialStore implements CredentialStore {
  constructor(private readonly entries: Record<string, AuthEntry>) {}

  async lookup(target: AuthTarget): Promise<CredentialLookup> {
    const key = findDockerKey(Object.keys(this.entries), target);
    const entry = key !== undefined ? this.entries[key] : undefined;
    return { credentials: entry ? { ...entry, source: 'configured credentials' } : null };
  }
}

/** No credentials at all (e.g. an untrusted workspace). */
export class AnonymousCredentialStore implements CredentialStore {
  async lookup(): Promise<CredentialLookup> {
    return { credentials: null };
  }
}
