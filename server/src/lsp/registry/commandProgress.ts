import type { CancellationToken, Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

/** Progress of a long-running command, and the signal that stops its lookups. */
export interface CommandProgress {
  /** Aborted when the user cancels the progress or the client cancels the request. */
  readonly signal: AbortSignal;
  report(done: number, total: number): void;
  done(): void;
}

/**
 * Server-initiated work-done progress ("n/m", cancellable) for a command. Its
 * cancel button and the request's own cancellation both abort `signal`, so
 * registry lookups stop mid-flight. Without client support (or if the client
 * refuses the progress) the command runs without one.
 */
export async function startCommandProgress(connection: Connection, title: string, requestToken: CancellationToken): Promise<CommandProgress> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const progress: WorkDoneProgressServerReporter | null = await connection.window.createWorkDoneProgress().catch(() => null);
  progress?.begin(title, 0, undefined, true);
  const subscriptions = [requestToken.onCancellationRequested(abort), progress?.token.onCancellationRequested(abort)];
  if (requestToken.isCancellationRequested) {
    abort();
  }
  return {
    signal: controller.signal,
    report(done, total) {
      progress?.report(total === 0 ? 100 : Math.floor((done * 100) / total), `${done}/${total}`);
    },
    done() {
      subscriptions.forEach((subscription) => subscription?.dispose());
      progress?.done();
    },
  };
}
