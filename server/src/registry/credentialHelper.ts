/**
 * The docker credential-helper protocol: run `docker-credential-<name> get`, write
 * the server URL on stdin, read `{"ServerURL","Username","Secret"}` from stdout.
 * A `<token>` username means the secret is an identity (refresh) token.
 * "credentials not found" (non-zero exit) means: no credentials, not an error.
 *
 * Only called when the caller allowed helpers (`allowCredentialHelpers`): a
 * workspace-provided config must not make the editor run arbitrary programs.
 * The helper's output is never put in an error message.
 */

import { spawn } from 'node:child_process';
import type { AuthEntry } from './dockerConfig';

export interface HelperOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class CredentialHelperError extends Error {
  constructor(
    readonly helper: string,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialHelperError';
  }
}

/** Helper names come from a config file: keep them to a safe program-name alphabet. */
export function isValidHelperName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}

export function runCredentialHelper(name: string, serverUrl: string, opts: HelperOptions = {}): Promise<AuthEntry | null> {
  const program = `docker-credential-${name}`;
  if (!isValidHelperName(name)) {
    return Promise.reject(new CredentialHelperError(name, `credential helper name "${name}" is not a valid program name`));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        fn();
      }
    };
    const env = opts.env ?? process.env;
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let outLen = 0;
    child.stdout.on('data', (c: Buffer) => {
      if (outLen < 1 << 20) {
        out.push(c);
        outLen += c.length;
      }
    });
    const errChunks: Buffer[] = [];
    child.stderr.on('data', (c: Buffer) => {
      if (errChunks.length < 64) {
        errChunks.push(c);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new CredentialHelperError(name, `${program} did not answer within ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} s`)));
    }, opts.timeoutMs ?? 10_000);
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(new CredentialHelperError(name, `${program} was cancelled`)));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (e: NodeJS.ErrnoException) => {
      finish(() =>
        reject(new CredentialHelperError(name, e.code === 'ENOENT' ? `${program} is not installed or not on PATH` : `${program} could not be started (${e.code ?? 'error'})`)),
      );
    });
    child.stdin.on('error', () => {
      /* the helper may exit before reading stdin; the exit code tells */
    });
    child.stdin.end(serverUrl);
    child.once('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(errChunks).toString('utf8');
      if (code !== 0) {
        if (/credentials not found/i.test(stdout) || /credentials not found/i.test(stderr)) {
          finish(() => resolve(null));
          return;
        }
        finish(() => reject(new CredentialHelperError(name, `${program} get failed (exit code ${code ?? 'signal'})`)));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        finish(() => reject(new CredentialHelperError(name, `${program} get did not print JSON`)));
        return;
      }
      const o = (parsed ?? {}) as Record<string, unknown>;
      const username = typeof o['Username'] === 'string' ? o['Username'] : '';
      const secret = typeof o['Secret'] === 'string' ? o['Secret'] : '';
      if (!secret) {
        finish(() => resolve(null));
        return;
      }
      const entry: AuthEntry = username === '<token>' ? { identityToken: secret } : { username, password: secret };
      finish(() => resolve(entry));
    });
  });
}
