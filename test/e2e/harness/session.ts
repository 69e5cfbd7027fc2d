/**
 * One editor session: a copy of the fixture workspace, code-server with the
 * packaged extension installed, and Chromium showing the workbench. close()
 * always stops both processes and removes the temp directory.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RunningBrowser } from './browser';
import { launchBrowser } from './browser';
import type { RunningCodeServer } from './codeServer';
import { ensureCodeServer, installExtension, makeDirs, startCodeServer, writeUserSettings } from './codeServer';
import { FIXTURE_WORKSPACE } from './paths';
import { processesRunning } from './processes';
import { resolveVsix } from './vsix';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Extra user settings (e.g. registry settings, which are machine-scoped). */
  settings?: Record<string, unknown>;
  /** A file the Explorer must list before the workbench counts as ready. */
  readyFile: string;
  /** Extra files written into the workspace copy (relative path → text, folders created), e.g. ones naming a test registry. */
  files?: Record<string, string>;
  /** More .vsix files installed next to kube-image-lens (e.g. the YAML companion), each resolved once the temp root exists. */
  extraExtensions?: (root: string) => Promise<string[]>;
}

export interface EditorSession {
  workbench: Workbench;
  workspaceDir: string;
  vsix: string;
  /** Milliseconds spent in each start-up step. */
  timings: Record<string, number>;
  /** code-server's own log, for failure reports. */
  serverLog(): string;
  /** PIDs of this session's language server processes (`out/server.js` of the installed extension). */
  languageServerPids(): number[];
  close(): Promise<void>;
}

export async function startEditorSession(options: SessionOptions): Promise<EditorSession> {
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      timings[step] = Date.now() - started;
    }
  };

  const root = mkdtempSync(join(tmpdir(), 'kil-e2e-'));
  const workspaceDir = join(root, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspaceDir, { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspaceDir, path)), { recursive: true });
    writeFileSync(join(workspaceDir, path), text);
  }
  let codeServer: RunningCodeServer | undefined;
  let browser: RunningBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await codeServer?.stop();
    if (process.env.KIL_E2E_KEEP !== '1') {
      rmSync(root, { recursive: true, force: true });
    }
  };
  try {
    const [entry, vsix] = await Promise.all([timed('setup code-server', ensureCodeServer), timed('package vsix', resolveVsix)]);
    const dirs = makeDirs(root);
    writeUserSettings(dirs, options.settings);
    await timed('install vsix', () => installExtension(entry, dirs, vsix));
    for (const extra of (await options.extraExtensions?.(root)) ?? []) {
      await timed(`install ${basename(extra)}`, () => installExtension(entry, dirs, extra));
    }
    codeServer = await timed('start code-server', () => startCodeServer(entry, dirs, workspaceDir));
    browser = await timed('launch chromium', () => launchBrowser());
    const workbench = new Workbench(browser.page, workspaceDir);
    const url = `${codeServer.url}/?folder=${encodeURIComponent(workspaceDir)}`;
    await timed('open workbench', async () => {
      await browser?.page.goto(url);
      await workbench.waitForExplorer(options.readyFile);
    });
    const server = codeServer;
    const languageServerPids = () => processesRunning(join(dirs.extensions, 'kube-image-lens.kube-image-lens-'), 'out/server.js');
    return { workbench, workspaceDir, vsix, timings, serverLog: () => server.log(), languageServerPids, close };
  } catch (error) {
    await close();
    throw error;
  }
}
