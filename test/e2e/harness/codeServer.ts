/**
 * A real VS Code workbench: code-server 4.100.3 (VS Code 1.100.3), installed
 * once by setup-code-server.sh, with the extension installed from a .vsix into
 * a throw-away extensions directory.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort';
import { E2E_DIR } from './paths';
import { waitFor } from './poll';
import { stopProcessGroup } from './processes';

const execFileAsync = promisify(execFile);

/** Directories of one run; all under a temp root so nothing touches the user's own VS Code. */
export interface CodeServerDirs {
  root: string;
  extensions: string;
  userData: string;
}

export interface RunningCodeServer {
  url: string;
  process: ChildProcess;
  /** Everything code-server printed, for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

/** Runs the idempotent setup script and returns code-server's entry script. */
export async function ensureCodeServer(): Promise<string> {
  const { stdout } = await execFileAsync('bash', [join(E2E_DIR, 'setup-code-server.sh')], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
  });
  const installDir = stdout.trim().split('\n').pop() ?? '';
  return join(installDir, 'out', 'node', 'entry.js');
}

export function makeDirs(root: string): CodeServerDirs {
  const dirs = { root, extensions: join(root, 'extensions'), userData: join(root, 'user-data') };
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  return dirs;
}

/** code-server writes ~/.config/code-server/config.yaml: keep it (and its data) in the temp root. */
function environment(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.root, 'xdg-config'),
    XDG_DATA_HOME: join(dirs.root, 'xdg-data'),
    XDG_CACHE_HOME: join(dirs.root, 'xdg-cache'),
  };
}

export async function installExtension(entry: string, dirs: CodeServerDirs, vsix: string): Promise<void> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [entry, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', vsix, '--force'],
    { env: environment(dirs), timeout: 120_000 },
  );
  if (!/successfully installed/i.test(stdout)) {
    throw new Error(`Installing ${vsix} did not report success:\n${stdout}`);
  }
}

/** Quiet, deterministic user settings: no welcome page, no preview tabs, trace the server. */
export function writeUserSettings(dirs: CodeServerDirs, extra: Record<string, unknown> = {}): void {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.editor.enablePreview': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'files.autoSave': 'off',
    'security.workspace.trust.enabled': false,
    'kubeImageLens.trace.server': 'messages',
    ...extra,
  };
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

export async function startCodeServer(entry: string, dirs: CodeServerDirs, folder: string): Promise<RunningCodeServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--extensions-dir', dirs.extensions,
      '--user-data-dir', dirs.userData,
      folder,
    ],
    { env: environment(dirs), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningCodeServer = { url, process: child, log: () => output, stop: () => stopProcessGroup(child) };
  try {
    await waitFor(
      'code-server /healthz',
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
        }
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
