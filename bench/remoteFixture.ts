import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FixtureDescription, ServerCounts } from './registryFixtureProcess';

export interface RemoteFixture extends FixtureDescription {
  /** The servers' request counters, read from the fixture process. */
  counts(): Promise<ServerCounts>;
  stop(): Promise<void>;
}

/** Starts the registry fixture in its own process (see registryFixtureProcess.ts). */
export async function startRemoteFixture(images: number): Promise<RemoteFixture> {
  const child: ChildProcess = fork(path.join(__dirname, 'registryFixtureProcess.ts'), [String(images)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>): void => {
        if (key in message) {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve(message[key] as T);
        }
      };
      const onExit = (code: number | null): void => reject(new Error(`the registry fixture process exited (${String(code)})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const description = await next<FixtureDescription>('ready');
  return {
    ...description,
    counts: () => {
      const answer = next<ServerCounts>('stats');
      child.send('stats');
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}
