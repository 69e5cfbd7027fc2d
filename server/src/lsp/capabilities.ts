import type { ServerCapabilities } from 'vscode-languageserver';
import { CodeActionKind, TextDocumentSyncKind } from 'vscode-languageserver';
import { FIX_ALL_KIND } from './features/codeActions';
import { ServerCommands } from './protocol';

/** What the server offers: incremental sync, hover, Helm definitions and references, completion, quick fixes and fix-all, its commands, workspace folders. */
export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  completionProvider: { triggerCharacters: [':', ' '] },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
  executeCommandProvider: { commands: Object.values(ServerCommands) },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};
