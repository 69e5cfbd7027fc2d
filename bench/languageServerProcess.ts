import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { MessageConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

/** The bundle editors start; the CLI's `lsp --stdio` is the other way in. */
export const SERVER_BUNDLE = path.resolve(__dirname, '../out/server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number | null;
  diagnostics: unknown[];
}

/** The bundled language server in its own process, spoken to over stdio like an editor does. */
export interface LanguageServerProcess {
  connection: MessageConnection;
  /** The server process's id, for reading its memory from /proc. */
  pid: number;
  /** The server's answer to `initialize`. */
  initializeResult: { capabilities: Record<string, unknown> };
  /** Resolves with the first `publishDiagnostics` for `uri`. */
  diagnosticsFor(uri: string): Promise<void>;
  /** Resolves with the next `publishDiagnostics` for `uri` that `accept` takes. */
  nextDiagnostics(uri: string, accept?: (published: PublishedDiagnostics) => boolean): Promise<PublishedDiagnostics>;
  stop(): Promise<number | null>;
}

export interface ServerLaunch {
  /** Node arguments: the script and its transport flag. */
  args: readonly string[];
  initializationOptions?: unknown;
  /** The answer to one `workspace/configuration` item (servers that pull their settings). */
  configuration?: (section: string | undefined) => unknown;
}

/** Untrusted: no registry lookups, so hovers and diagnostics measure the local analysis only. */
const OUR_SERVER: ServerLaunch = { args: [SERVER_BUNDLE, '--stdio'], initializationOptions: { environment: { trusted: false } } };

/** Starts `node <args>` (by default the server bundle with --stdio) and initializes it. */
export async function startLanguageServerProcess(rootUri: string, launch: ServerLaunch | readonly string[] = OUR_SERVER): Promise<LanguageServerProcess> {
  const { args, initializationOptions, configuration } = Array.isArray(launch) ? { ...OUR_SERVER, args: launch as readonly string[] } : (launch as ServerLaunch);
  const script = args[0] ?? '';
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run 'npm run build' first`);
  }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Set<{ uri: string; accept: (published: PublishedDiagnostics) => boolean; resolve: (published: PublishedDiagnostics) => void }>();
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
    for (const waiter of waiting) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiting.delete(waiter);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
    params.items.map((item) => configuration?.(item.section) ?? null),
  );
  // Answer whatever else the server asks (capability registration, progress tokens) so it never blocks on us.
  connection.onRequest(() => null);
  connection.listen();

  const initializeResult = await connection.sendRequest<LanguageServerProcess['initializeResult']>('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } },
      workspace: { configuration: configuration !== undefined },
    },
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});

  const nextDiagnostics = (uri: string, accept: (published: PublishedDiagnostics) => boolean = () => true) =>
    new Promise<PublishedDiagnostics>((resolve) => waiting.add({ uri, accept, resolve }));
  return {
    connection,
    pid: child.pid as number,
    initializeResult,
    diagnosticsFor: async (uri) => void (await nextDiagnostics(uri)),
    nextDiagnostics,
    stop: () => stop(connection, child),
  };
}

/** Resolves with the exit code once the server has shut down as the protocol asks. */
async function stop(connection: MessageConnection, child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  const timeout = setTimeout(() => child.kill(), 2000);
  const code = await exited;
  clearTimeout(timeout);
  connection.dispose();
  return code;
}
