/**
 * What happens when the server process dies: restart it with a visible notice,
 * but give up after a few crashes in a short time so a crash loop does not
 * flood the user. Never a silent death: every outcome shows a notification.
 */
import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult } from 'vscode-languageclient/node';
import { CloseAction, ErrorAction } from 'vscode-languageclient/node';
import { CLIENT_NAME, Commands } from './ids';

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class CrashPolicy implements ErrorHandler {
  private crashTimes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** A deliberate restart (command) starts a fresh budget. */
  reset(): void {
    this.crashTimes = [];
  }

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // Transient write/read errors: keep going unless they pile up.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: false };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashTimes = [...this.crashTimes.filter((time) => now - time < RESTART_WINDOW_MS), now];
    if (this.crashTimes.length <= MAX_RESTARTS) {
      notify('warning', `${CLIENT_NAME}: the language server stopped unexpectedly and is restarting (${this.crashTimes.length}/${MAX_RESTARTS}).`);
      return { action: CloseAction.Restart, handled: true };
    }
    notify('error', `${CLIENT_NAME}: the language server crashed ${this.crashTimes.length} times in ${RESTART_WINDOW_MS / 60000} minutes and will not be restarted automatically.`, true);
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

function notify(level: 'warning' | 'error', text: string, offerRestart = false): void {
  const actions = offerRestart ? ['Restart Server', 'Show Output'] : ['Show Output'];
  const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(text, ...actions).then((choice) => {
    if (choice === 'Restart Server') {
      void vscode.commands.executeCommand(Commands.restartServer);
    } else if (choice === 'Show Output') {
      void vscode.commands.executeCommand(Commands.showOutput);
    }
  });
}
