/**
 * Runs the registry benchmark's fixture (registry, token server, counting proxy)
 * in a child process, so that the test servers' own work is not billed to the
 * client being measured in the benchmark's process. Talks over the IPC channel:
 * sends `{ ready: FixtureDescription }`, answers `'stats'` with `{ stats: ServerCounts }`,
 * and stops on `'stop'` or when the parent goes away.
 */
import { startRegistryFixture } from './registryFixture';
import type { RegistryFixture } from './registryFixture';

export interface ServerCounts {
  requests: number;
  manifestRequests: number;
  tokenRequests: number;
}

export type FixtureDescription = Omit<RegistryFixture, 'registry' | 'proxy' | 'stop'> & { registryHost: string; proxyHost: string };

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '100');
  const fixture = await startRegistryFixture(count);
  const { registry, proxy, stop: _stop, ...rest } = fixture;
  const description: FixtureDescription = { ...rest, registryHost: registry.host, proxyHost: proxy.host };
  const stop = async (): Promise<void> => {
    await fixture.stop();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stats') {
      const counts: ServerCounts = { requests: proxy.stats.requests, manifestRequests: proxy.stats.manifestRequests, tokenRequests: registry.stats.tokenRequests };
      process.send?.({ stats: counts });
    } else if (message === 'stop') {
      void stop();
    }
  });
  process.on('disconnect', () => void stop());
  process.send?.({ ready: description });
}

void main();
