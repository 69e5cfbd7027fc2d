/**
 * Entry module @vscode/test-electron loads in the extension host
 * (`extensionTestsPath`): the same scenarios as the code-server e2e tests,
 * asserted through the VS Code API instead of the screen.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../e2e/harness/poll';
import type { Scenario } from './runner';
import { runScenarios } from './runner';

const EXTENSION_ID = 'kube-image-lens.kube-image-lens';

function workspaceUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

async function open(path: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(path));
  await vscode.window.showTextDocument(document);
  return document;
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const { code } = diagnostic;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Code actions at `position`, resolved (the pin action fills its edit in on resolve). */
async function codeActionsAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    document.uri,
    new vscode.Range(position, position),
    undefined,
    10,
  );
  // Plain Commands have a string `command`; CodeActions carry an optional Command object.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}

const scenarios: Scenario[] = [
  {
    name: 'the extension activates',
    run: async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      await open('deployment.yaml');
      await waitFor('the extension to activate', () => extension.isActive, { timeoutMs: 30_000 });
    },
  },
  {
    name: 'latest-tag-cached is reported on the image',
    run: async () => {
      const document = await open('deployment.yaml');
      const opened = Date.now();
      const diagnostic = await waitFor('a latest-tag-cached diagnostic', () =>
        vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'latest-tag-cached'),
      );
      console.log(`time from opening deployment.yaml to its diagnostics: ${Date.now() - opened} ms`);
      assert.equal(diagnostic.range.start.line, 16);
      assert.equal(diagnostic.source, 'kube-image-lens');
    },
  },
  {
    name: 'hover explains the effective pull policy',
    run: async () => {
      const document = await open('deployment.yaml');
      const text = await waitFor('hover text', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(16, 20));
        const joined = (hovers ?? [])
          .flatMap((hover) => hover.contents)
          .map((content) => (typeof content === 'string' ? content : content.value))
          .join('\n');
        return joined.includes('IfNotPresent') ? joined : undefined;
      });
      assert.match(text, /IfNotPresent/);
    },
  },
  {
    name: 'quick fix turns imagePullPolicy: always into Always',
    run: async () => {
      const document = await open('invalid-policy.yaml');
      const fix = await waitFor('the "Change imagePullPolicy to Always" quick fix', async () =>
        (await codeActionsAt(document, new vscode.Position(8, 25))).find((action) => action.title === 'Change imagePullPolicy to Always'),
      );
      await apply(fix);
      assert.match(document.getText(), /^ {6}imagePullPolicy: Always$/m);
    },
  },
  {
    name: 'the Container Images view can be shown',
    run: async () => {
      // Tree items are not readable through the API; the e2e test checks the rows.
      await vscode.commands.executeCommand('kubeImageLens.showImages');
    },
  },
  {
    name: 'Pin to digest writes the digest from a local registry',
    timeoutMs: 90_000,
    run: async ({ skip }) => {
      const image = process.env.KIL_PIN_IMAGE;
      const digest = process.env.KIL_PIN_DIGEST;
      const line = Number(process.env.KIL_PIN_LINE);
      if (!image || !digest) {
        return skip(process.env.KIL_PIN_UNAVAILABLE ?? 'no test registry');
      }
      const document = await open('pin.yaml');
      const column = document.lineAt(line - 1).text.indexOf(image) + 1;
      const actions = await codeActionsAt(document, new vscode.Position(line - 1, column));
      const pin = actions.find((action) => /pin/i.test(action.title));
      if (!pin) {
        return skip(`the language server does not offer a "Pin to digest" code action yet (offered: ${JSON.stringify(actions.map((a) => a.title))})`);
      }
      await apply(pin);
      await waitFor('the digest in pin.yaml', () => document.getText().includes(`${image}@${digest}`), { timeoutMs: 60_000 });
    },
  },
];

export function run(): Promise<void> {
  return runScenarios(scenarios);
}
