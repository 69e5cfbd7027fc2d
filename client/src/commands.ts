/**
 * The palette and menu commands. Each one fills in the server command's
 * arguments from the active editor (or the Images view node it was invoked on).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PinImageArgs, PinSummary, WorkspaceImagesResult } from '../../server/src/lsp/protocol';
import { ServerCommands, SetProfileOverrideNotification, WorkspaceImagesRequest } from '../../server/src/lsp/protocol';
import type { CrashPolicy } from './crashPolicy';
import { CLIENT_NAME, Commands, IMAGES_VIEW_ID, LANGUAGES } from './ids';
import type { ImagesNode, ImagesView } from './imagesView';
import type { ProfileOverrides } from './profileOverrides';
import { pickProfile } from './profileOverrides';
import { logPinFailures, runServerCommand, whenRunning } from './serverCommands';

export interface CommandContext {
  client: LanguageClient;
  crashPolicy: CrashPolicy;
  imagesView: ImagesView;
  profileOverrides: ProfileOverrides;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const { client } = ctx;
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  return vscode.Disposable.from(
    register(Commands.pinImage, async (node?: ImagesNode) => {
      const args = node?.kind === 'image' ? await pinArgsFromNode(node) : await pinArgsAtCursor(client);
      if (args) {
        logPinFailures(client, await runServerCommand<PinSummary>(client, 'Pin to digest', ServerCommands.pinImage, [args]));
        ctx.imagesView.refresh();
      }
    }),
    register(Commands.pinAllInFile, async () => {
      const document = activeManifest();
      if (document) {
        const uri = document.uri.toString();
        logPinFailures(client, await runServerCommand<PinSummary>(client, 'Pin all images in file', ServerCommands.pinAllInFile, [{ uri }]));
        ctx.imagesView.refresh();
      }
    }),
    register(Commands.pinAllInWorkspace, async () => {
      logPinFailures(client, await runServerCommand<PinSummary>(client, 'Pin all images in workspace', ServerCommands.pinAllInWorkspace, []));
      ctx.imagesView.refresh();
    }),
    register(Commands.checkRegistry, async () => {
      if (!vscode.workspace.isTrusted) {
        const choice = await vscode.window.showWarningMessage(
          `${CLIENT_NAME}: registry look-ups are disabled in Restricted Mode.`,
          'Manage Workspace Trust',
        );
        if (choice) {
          await vscode.commands.executeCommand('workbench.trust.manage');
        }
        return;
      }
      const uri = activeManifest(false)?.uri.toString();
      await runServerCommand(client, 'Check registry', ServerCommands.checkRegistry, [uri ? { uri } : {}]);
    }),
    register(Commands.clearRegistryCache, async () => {
      await runServerCommand(client, 'Clear registry cache', ServerCommands.clearRegistryCache, []);
    }),
    register(Commands.setProfile, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : activeManifest()?.uri;
      if (!target) {
        return;
      }
      const key = target.toString();
      const choice = await pickProfile(vscode.workspace.asRelativePath(target), ctx.profileOverrides.get(key));
      if (!choice) {
        return;
      }
      await ctx.profileOverrides.set(key, choice.profile);
      await whenRunning(client);
      await client.sendNotification(SetProfileOverrideNotification, { uri: key, profile: choice.profile });
    }),
    register(Commands.showImages, () => vscode.commands.executeCommand(`${IMAGES_VIEW_ID}.focus`)),
    register(Commands.refreshImages, () => ctx.imagesView.refresh()),
    register(Commands.restartServer, async () => {
      ctx.crashPolicy.reset();
      client.outputChannel.appendLine('Restarting the language server (requested by the user).');
      // restart() needs a started client; after crash give-up the client is stopped.
      await (client.needsStart() ? client.start() : client.restart());
    }),
    register(Commands.showOutput, () => client.outputChannel.show(true)),
  );
}

/** The active editor's document when it is one the server analyses; tells the user otherwise. */
function activeManifest(complain = true): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document && (LANGUAGES as readonly string[]).includes(document.languageId)) {
    return document;
  }
  if (complain) {
    void vscode.window.showInformationMessage(`${CLIENT_NAME}: open a Kubernetes manifest, Helm chart file or kustomization first.`);
  }
  return undefined;
}

/**
 * The server pins only documents it has open (it edits them with a versioned
 * workspace edit), and the view also lists files that are only on disk: open
 * the file first, showing the image, so the pin lands in an editor to review.
 */
async function pinArgsFromNode(node: Extract<ImagesNode, { kind: 'image' }>): Promise<PinImageArgs> {
  const { start, end } = node.image.range;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(node.uri));
  await vscode.window.showTextDocument(document, {
    preview: false,
    preserveFocus: true,
    selection: new vscode.Range(start.line, start.character, end.line, end.character),
  });
  return { uri: node.uri, line: start.line, character: start.character };
}

/**
 * The server wants the start of the image scalar; the cursor may be anywhere
 * in it (or on its line), so find the image through the workspace image list.
 */
async function pinArgsAtCursor(client: LanguageClient): Promise<PinImageArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = activeManifest();
  if (!editor || !document) {
    return undefined;
  }
  const uri = document.uri.toString();
  const cursor = editor.selection.active;
  let images: WorkspaceImagesResult;
  try {
    await whenRunning(client);
    images = await client.sendRequest<WorkspaceImagesResult>(WorkspaceImagesRequest);
  } catch {
    // Without the list, let the server locate the image from the cursor itself.
    return { uri, line: cursor.line, character: cursor.character };
  }
  const inFile = images.files.find((file) => file.uri === uri)?.images ?? [];
  const toRange = (r: (typeof inFile)[number]['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const hit = inFile.find((image) => toRange(image.range).contains(cursor)) ?? inFile.find((image) => image.range.start.line === cursor.line);
  if (!hit) {
    void vscode.window.showInformationMessage(`${CLIENT_NAME}: place the cursor on an image to pin it.`);
    return undefined;
  }
  return { uri, line: hit.range.start.line, character: hit.range.start.character };
}
