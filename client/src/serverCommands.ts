/**
 * Runs the server's `workspace/executeCommand` commands and reports their
 * outcome. Sent as a plain request, so they work even before VS Code has
 * registered the server's advertised commands.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient/node';
import { ExecuteCommandRequest, WorkDoneProgress } from 'vscode-languageclient/node';
import type { PinSummary } from '../../server/src/lsp/protocol';
import { CLIENT_NAME, Commands } from './ids';

/** Resolves when the client can take requests; rejects with a user-facing reason otherwise. */
export async function whenRunning(client: LanguageClient): Promise<void> {
  if (client.isRunning()) {
    return;
  }
  if (client.needsStart()) {
    throw new Error('the language server is not running (use "Kube Image Lens: Restart Language Server")');
  }
  await client.start();
}

export async function runServerCommand<T>(
  client: LanguageClient,
  title: string,
  command: string,
  args: unknown[],
): Promise<T | undefined> {
  try {
    await whenRunning(client);
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${CLIENT_NAME}: ${title}`, cancellable: true },
      async (progress, token) => {
        // Our token in the request: the server's work-done reports (e.g. "3/10 images")
        // land in this one notification instead of a second progress notification.
        const workDoneToken = randomUUID();
        const reports = client.onProgress(WorkDoneProgress.type, workDoneToken, forwardProgress(progress));
        try {
          return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, token)) as T;
        } finally {
          reports.dispose();
        }
      },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    client.error(`${title} failed`, error, false);
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: ${title} failed: ${reason}`, 'Show Output').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand(Commands.showOutput);
      }
    });
    return undefined;
  }
}

/** Maps LSP work-done progress (absolute percentages) onto a VS Code progress (relative increments). */
export function forwardProgress(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
): (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void {
  let reported = 0;
  return (value) => {
    if (value.kind === 'end') {
      return;
    }
    const percentage = typeof value.percentage === 'number' ? Math.min(100, Math.max(reported, value.percentage)) : undefined;
    const increment = percentage === undefined ? undefined : percentage - reported;
    reported = percentage ?? reported;
    progress.report({ ...(value.message ? { message: value.message } : {}), ...(increment ? { increment } : {}) });
  };
}

/** One notification summarising a pin command's result. */
export function reportPinSummary(client: LanguageClient, summary: PinSummary | undefined | null): void {
  if (!summary || typeof summary !== 'object' || !('pinned' in summary)) {
    return;
  }
  for (const failure of summary.failed) {
    client.outputChannel.appendLine(`Pin failed: ${failure.image} in ${failure.uri}: ${failure.reason}`);
  }
  const parts = [`pinned ${summary.pinned} image${summary.pinned === 1 ? '' : 's'}`];
  if (summary.alreadyPinned > 0) {
    parts.push(`${summary.alreadyPinned} already pinned`);
  }
  if (summary.failed.length === 0) {
    void vscode.window.showInformationMessage(`${CLIENT_NAME}: ${parts.join(', ')}.`);
    return;
  }
  parts.push(`${summary.failed.length} failed`);
  const first = summary.failed[0];
  const detail = first ? ` ${first.image}: ${first.reason}` : '';
  void vscode.window.showWarningMessage(`${CLIENT_NAME}: ${parts.join(', ')}.${detail}`, 'Show Output').then((choice) => {
    if (choice) {
      void vscode.commands.executeCommand(Commands.showOutput);
    }
  });
}
