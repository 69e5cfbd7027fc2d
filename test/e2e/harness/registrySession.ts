import { after, before } from 'node:test';
import type { RunningRegistry } from '../../registry/harness/registry';
import { startRegistry } from '../../registry/harness/registry';
import type { EditorSession } from './session';
import { startEditorSession } from './session';

export interface RegistrySession {
  session(): EditorSession;
  reg(): RunningRegistry;
}

/**
 * Hooks for a suite with its own local registry and an editor session that
 * trusts it over plain HTTP. Before the suite, `files` pushes what the suite
 * needs and returns the workspace files naming it; after it, both stop, also
 * on failure.
 */
export function registrySessionHooks(readyFile: string, files: (reg: RunningRegistry) => Promise<Record<string, string>>): RegistrySession {
  let session: EditorSession | undefined;
  let reg: RunningRegistry | undefined;
  before(
    async () => {
      const started = await startRegistry();
      reg = started;
      session = await startEditorSession({
        readyFile,
        files: await files(started),
        settings: { 'kubeImageLens.registry.insecureRegistries': [started.host] },
      });
      console.log(`editor session started: ${JSON.stringify(session.timings)}`);
    },
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await session?.close();
    await reg?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`the ${what} has not started`);
    }
    return value;
  };
  return { session: () => ready(session, 'editor session'), reg: () => ready(reg, 'registry') };
}
