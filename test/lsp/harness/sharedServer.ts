import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { LspClient } from './lspClient';

/**
 * One initialized server for a whole test file; the file fails if the server
 * exited at any point. Returns an accessor, valid once the tests run.
 */
export function useSharedServer(): () => LspClient {
  let client: LspClient | undefined;
  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });
  after(async () => {
    const started = client as LspClient;
    assert.ok(started.alive, `the server exited during the tests: ${JSON.stringify(started.exitInfo)}\n${started.stderr}`);
    await started.dispose();
  });
  return () => client as LspClient;
}
