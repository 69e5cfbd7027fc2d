/**
 * Helpers for the registry tests of the language server: a client announcing
 * what an editor announces for pinning (work-done progress, versioned workspace
 * edits), manifests, and the server's registry notifications.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic, WorkspaceFolder } from 'vscode-languageserver-protocol/node';
import type { StartOptions } from './lspClient';
import { LspClient, isCodeAction } from './lspClient';
import { tempWorkspace } from './text';

export { ServerCommands } from '../../../server/src/lsp/protocol';

export interface PinSummary {
  pinned: number;
  alreadyPinned: number;
  failed: Array<{ uri: string; image: string; reason: string }>;
}

export interface RegistryStatus {
  state: 'idle' | 'busy' | 'offline' | 'disabled';
  signedInHosts: string[];
  detail?: string;
}

export const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

export interface RegistryLspOptions extends StartOptions {
  initializationOptions?: unknown;
  workspaceFolders?: WorkspaceFolder[];
}

/** A started, initialized server whose client supports progress and versioned edits. */
export async function startRegistryLsp(options: RegistryLspOptions = {}): Promise<LspClient> {
  const client = LspClient.start(options);
  await client.initialize({
    initializationOptions: options.initializationOptions,
    ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders, rootUri: options.workspaceFolders[0]?.uri ?? null } : {}),
    capabilities: { window: { workDoneProgress: true }, workspace: { workspaceEdit: { documentChanges: true } } },
  });
  return client;
}

/** A Pod with one container per image; `specLines` go into the pod spec (2-space indented there). */
export function pod(images: readonly string[], specLines: readonly string[] = [], name = 'web'): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}   # a comment that must survive`,
    'spec:',
    ...specLines.map((line) => `  ${line}`),
    '  containers:',
    ...images.flatMap((image, index) => [`    - name: c${index}`, `      image: ${image}`]),
    '',
  ].join('\n');
}

export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

/** Opens a document and waits for the diagnostics of that version. */
export async function openAndWait(client: LspClient, uri: string, text: string): Promise<Diagnostic[]> {
  await client.open(uri, text);
  return (await client.waitForCurrentDiagnostics(uri)).diagnostics;
}

/** The code action with this title, as a CodeAction (throws with the titles offered when absent). */
export function actionTitled(actions: ReadonlyArray<CodeAction | Command>, title: string): CodeAction {
  const found = actions.filter(isCodeAction).find((action) => action.title === title);
  if (!found) {
    throw new Error(`no action ${JSON.stringify(title)}; offered: ${JSON.stringify(actions.map((action) => action.title))}`);
  }
  return found;
}

/** Runs the command a code action carries. */
export function runActionCommand<R>(client: LspClient, action: CodeAction): Promise<R> {
  if (!action.command) {
    throw new Error(`action ${action.title} carries no command`);
  }
  return client.executeCommand<R>(action.command.command, action.command.arguments ?? []);
}

export function registryStatuses(client: LspClient): RegistryStatus[] {
  return client.otherNotifications.filter((n) => n.method === 'kubeImageLens/registryStatus').map((n) => n.params as RegistryStatus);
}

/** Every text the server showed or logged, for "no credential anywhere" checks. */
export function everythingSaid(client: LspClient): string {
  return JSON.stringify([client.showMessages, client.logMessages, client.otherNotifications, client.stderr]);
}

/** A temporary DOCKER_CONFIG directory whose config.json holds `auths` for one host. */
export function dockerConfigFor(host: string, user: { username: string; password: string }): { dir: string; cleanup: () => void } {
  const workspace = tempWorkspace('kil-lsp-dockercfg-');
  const auth = Buffer.from(`${user.username}:${user.password}`).toString('base64');
  writeFileSync(path.join(workspace.dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
  return workspace;
}

/** Polls a condition about something other than LSP traffic (e.g. a proxy's counters), which `waitFor` does not see change. */
export async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
