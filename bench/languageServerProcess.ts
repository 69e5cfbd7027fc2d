import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { MessageConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

/** The bundle editors start; the CLI's `lsp --stdio` is the other way in. */
export const SERVER_BUNDLE = path.resolve(__dirname, '../out/server.js');

/** The bundled language server in its own process, spoken to over stdio like an editor does. */
export interface LanguageServerProcess {
  connection: MessageConnection;
  /** The server's answer to `initialize`. */
  initializeResult: { capabilities: Record<string, unknown> };
  /** Resolves with the first `publishDiagnostics` for `uri`. */
  diagnosticsFor(uri: string): Promise<void>;
  stop(): Promise<number | null>;
}

/** Starts `node <args>` (by default the server bundle with --stdio) and initializes it. */
export async function startLanguageServerProcess(rootUri: string, args: readonly string[] = [SERVER_BUNDLE, '--stdio']): Promise<LanguageServerProcess> {
  const script = args[0] ?? '';
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run 'npm run build' first`);
  }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
    waiting.get(params.uri)?.();
    waiting.delete(params.uri);
  });
  // Answer whatever the server asks (capability registration, progress tokens) so it never blocks on us.
  connection.onRequest(() => null);
  connection.listen();

  const initializeResult = await connection.sendRequest<LanguageServerProcess['initializeResult']>('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
    // Untrusted: no registry lookups, so hovers measure the local analysis only.
    initializationOptions: { environment: { trusted: false } },
  });
  await connection.sendNotification('initialized', {});

  return {
    connection,
    initializeResult,
    diagnosticsFor: (uri) => new Promise<void>((resolve) => waiting.set(uri, resolve)),
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
