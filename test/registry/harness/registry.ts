/**
 * A real OCI distribution registry (Debian `docker-registry`, distribution 2.8)
 * on 127.0.0.1, optionally behind TLS and basic or token auth. Each call gets
 * its own temp dir (config, storage, certificates, log) and port.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTlsFiles, makeTokenSigningFiles } from './certificates';
import type { TlsFiles } from './certificates';
import { removeTempDir, stopProcessGroup, trackProcessGroup, trackTempDir } from './cleanup';
import { freePort } from './freePort';
import { httpRequest } from './httpRequest';
import { runCommand } from './runCommand';
import { startTokenServer } from './tokenServer';
import type { TokenServer } from './tokenServer';

export interface RunningRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  scheme: 'http' | 'https';
  /** PEM of the self-signed CA when tls (also signs the token server's certificate). */
  caFile: string | null;
  /** For basic/token auth; empty when auth is 'none'. */
  users: Array<{ username: string; password: string }>;
  /** Token server URL when auth === 'token'. */
  tokenRealm: string | null;
  /** The `service` the token server and registry expect when auth === 'token'. */
  tokenService: string | null;
  /** Token server counters (stay 0 unless auth === 'token'). */
  stats: { tokenRequests: number };
  /** The registry's own log, for debugging a failing test. */
  logFile: string;
  /** Kills the registry, stops the token server, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  tls?: boolean;
  /** Host names the TLS certificate names besides 127.0.0.1 (aliases behind a forward proxy). */
  tlsNames?: string[];
  auth?: 'none' | 'basic' | 'token';
  /** Lifetime of issued tokens (token auth), default 300 s. */
  tokenExpiresInSeconds?: number;
}

const TOKEN_SERVICE = 'kube-image-lens-test-registry';
const TOKEN_ISSUER = 'kube-image-lens-test-token-server';
const START_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

function newUsers(): Array<{ username: string; password: string }> {
  return [{ username: 'tester', password: randomBytes(9).toString('base64url') }];
}

async function writeHtpasswd(dir: string, users: Array<{ username: string; password: string }>): Promise<string> {
  const file = join(dir, 'htpasswd');
  const lines: string[] = [];
  for (const user of users) {
    // Only bcrypt (-B) entries work with distribution; others fail with a silent 401.
    const { stdout } = await runCommand('htpasswd', ['-nbB', user.username, user.password]);
    lines.push(stdout.toString('utf8').trim());
  }
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

interface ConfigInputs {
  dir: string;
  port: number;
  tls: TlsFiles | null;
  htpasswdFile: string | null;
  token: { realm: string; rootCertBundle: string } | null;
}

/** YAML is a superset of JSON, so the config is written as JSON. */
function registryConfig(inputs: ConfigInputs): object {
  const auth =
    inputs.htpasswdFile !== null
      ? { htpasswd: { realm: 'kube-image-lens-test', path: inputs.htpasswdFile } }
      : inputs.token !== null
        ? {
            token: {
              realm: inputs.token.realm,
              service: TOKEN_SERVICE,
              issuer: TOKEN_ISSUER,
              rootcertbundle: inputs.token.rootCertBundle,
            },
          }
        : undefined;
  return {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: false } },
    storage: {
      filesystem: { rootdirectory: join(inputs.dir, 'storage') },
      delete: { enabled: true },
    },
    http: {
      addr: `127.0.0.1:${inputs.port}`,
      secret: randomBytes(16).toString('hex'),
      ...(inputs.tls !== null ? { tls: { certificate: inputs.tls.certFile, key: inputs.tls.keyFile } } : {}),
    },
    ...(auth !== undefined ? { auth } : {}),
  };
}

interface SpawnedRegistry {
  pgid: number;
  exited: Promise<void>;
}

/**
 * Spawns `docker-registry serve` in its own process group and waits until
 * `GET /v2/` answers (any status: 401 counts when auth is on). Rejects with the
 * log tail if the process dies first, e.g. when the port was taken meanwhile.
 */
async function spawnRegistry(configFile: string, logFile: string, baseUrl: string, ca: Buffer | null): Promise<SpawnedRegistry> {
  const log = await open(logFile, 'a');
  // Environment without REGISTRY_* variables: they would override the config.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  const child = spawn('docker-registry', ['serve', configFile], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    env,
  });
  await log.close();
  if (child.pid === undefined) {
    await new Promise((resolve) => child.once('error', resolve));
    throw new Error('could not spawn docker-registry (is the Debian package docker-registry installed?)');
  }
  const pgid = child.pid;
  trackProcessGroup(pgid);
  child.unref(); // The exit hook in cleanup.ts kills it if stop() is never called.
  let dead = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      dead = true;
      resolve();
    }),
  );

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (dead) {
      break;
    }
    try {
      await httpRequest(`${baseUrl}/v2/`, { method: 'GET', ca, timeoutMs: 1000 });
      return { pgid, exited };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  await stopProcessGroup(pgid, exited);
  const tail = (await readFile(logFile, 'utf8')).split('\n').slice(-15).join('\n');
  throw new Error(`docker-registry did not answer on ${baseUrl}/v2/ ${dead ? '(it exited)' : '(timeout)'}:\n${tail}`);
}

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const auth = opts.auth ?? 'none';
  const dir = await mkdtemp(join(tmpdir(), 'kil-registry-'));
  trackTempDir(dir);
  let tokenServer: TokenServer | null = null;
  try {
    const tls = opts.tls === true ? await makeTlsFiles(dir, opts.tlsNames) : null;
    const ca = tls !== null ? await readFile(tls.caFile) : null;
    const users = auth === 'none' ? [] : newUsers();
    const htpasswdFile = auth === 'basic' ? await writeHtpasswd(dir, users) : null;
    let token: ConfigInputs['token'] = null;
    if (auth === 'token') {
      const signing = await makeTokenSigningFiles(dir);
      tokenServer = await startTokenServer({
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        users,
        signing,
        tls,
        expiresInSeconds: opts.tokenExpiresInSeconds ?? 300,
      });
      token = { realm: tokenServer.realm, rootCertBundle: signing.certFile };
    }

    const scheme = tls !== null ? 'https' : 'http';
    const configFile = join(dir, 'config.yml');
    const logFile = join(dir, 'registry.log');
    let lastError: unknown = null;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      const port = await freePort();
      await writeFile(configFile, JSON.stringify(registryConfig({ dir, port, tls, htpasswdFile, token }), null, 2));
      const host = `127.0.0.1:${port}`;
      let spawned: SpawnedRegistry;
      try {
        spawned = await spawnRegistry(configFile, logFile, `${scheme}://${host}`, ca);
      } catch (err) {
        lastError = err;
        continue; // Most likely the free port was taken in between: try another.
      }
      const runningTokenServer = tokenServer;
      let stopped: Promise<void> | null = null;
      return {
        host,
        scheme,
        caFile: tls?.caFile ?? null,
        users,
        tokenRealm: runningTokenServer?.realm ?? null,
        tokenService: runningTokenServer !== null ? TOKEN_SERVICE : null,
        stats: runningTokenServer?.stats ?? { tokenRequests: 0 },
        logFile,
        stop: () => {
          stopped ??= (async () => {
            await stopProcessGroup(spawned.pgid, spawned.exited);
            await runningTokenServer?.stop();
            removeTempDir(dir);
          })();
          return stopped;
        },
      };
    }
    throw lastError;
  } catch (err) {
    await tokenServer?.stop();
    removeTempDir(dir);
    throw err;
  }
}
