/**
 * Runs the server's `workspace/executeCommand` commands and reports their
 * outcome. Sent as a plain request, so they work even before VS Code has
 * registered the server's advertised commands.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type {
  LanguageClient,
  Middleware,
  ProgressToken,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from 'vscode-languageclient/node';
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
        const sink = forwardProgress(progress);
        const reports = client.onProgress(WorkDoneProgress.type, workDoneToken, sink);
        // A server that creates its own progress instead (window/workDoneProgress/create)
        // is routed here too by routeServerProgress, rather than into a second indicator.
        runningCommands.push(sink);
        try {
          return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, token)) as T;
        } finally {
          reports.dispose();
          runningCommands.splice(runningCommands.indexOf(sink), 1);
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

type ProgressSink = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void;

/** Progress notifications of the commands now running, newest last. */
const runningCommands: ProgressSink[] = [];
/** Server-created progress tokens adopted by a running command's notification. */
const adopted = new Map<ProgressToken, ProgressSink>();

/**
 * Client middleware: work-done progress the server begins while one of our
 * commands runs (its "3/10 images") is shown in that command's notification;
 * the cancel button there cancels the request, which the server treats like
 * its own progress being cancelled. Other progress goes to VS Code as usual.
 */
export const routeServerProgress: NonNullable<Middleware['handleWorkDoneProgress']> = (token, params, next) => {
  let sink = adopted.get(token);
  if (!sink && params.kind === 'begin') {
    sink = runningCommands.at(-1);
    if (sink) {
      adopted.set(token, sink);
    }
  }
  if (!sink) {
    next(token, params);
    return;
  }
  sink(params);
  if (params.kind === 'end') {
    adopted.delete(token);
    // Lets the client drop its (never shown) indicator for this token.
    next(token, params);
  }
};

/** Maps LSP work-done progress (absolute percentages) onto a VS Code progress (relative increments). */
export function forwardProgress(progress: vscode.Progress<{ message?: string; increment?: number }>): ProgressSink {
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

/**
 * Logs every failure of a pin command to the output channel. The server shows
 * the outcome itself (`window/showMessage`: "Pinned 2, already pinned 0,
 * failed 0."), also for pins started from a quick fix, which never pass
 * through the client; a notification here would be a second copy of it.
 */
export function logPinFailures(client: LanguageClient, summary: PinSummary | undefined | null): void {
  if (!summary || typeof summary !== 'object' || !Array.isArray(summary.failed)) {
    return;
  }
  for (const failure of summary.failed) {
    client.outputChannel.appendLine(`Pin failed: ${failure.image} in ${failure.uri}: ${failure.reason}`);
  }
}
