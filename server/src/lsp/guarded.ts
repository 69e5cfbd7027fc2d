import type { Connection } from 'vscode-languageserver';

/**
 * Wraps a request handler so that an exception is logged and answered with a
 * neutral result instead of an error response or a crash.
 */
export function guarded<P, R>(connection: Connection, what: string, fallback: R, handler: (params: P) => Promise<R> | R): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
