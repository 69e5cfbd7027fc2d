import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegistryClient } from '../../../server/src/registry';
import type { RegistryError } from '../../../server/src/registry';

test('an unreadable CA file is a tls error naming the setting', async () => {
  const c = new RegistryClient({ env: {}, homeDir: '/nonexistent', caFile: '/nonexistent/ca.pem', retries: 0, hints: { caFileSetting: '--ca-file' } });
  await assert.rejects(c.resolve({ domain: '127.0.0.1:9', path: 'a', reference: '1' }), (e: RegistryError) => {
    assert.equal(e.kind, 'tls');
    assert.match(e.message, /CA file \/nonexistent\/ca\.pem cannot be read \(ENOENT\); fix --ca-file/);
    return true;
  });
  await c.close();
});

test('an already-aborted signal is cancelled without any request', async () => {
  const c = new RegistryClient({ env: {}, homeDir: '/nonexistent' });
  await assert.rejects(c.resolve({ domain: '127.0.0.1:9', path: 'a', reference: '1' }, { signal: AbortSignal.abort() }), (e: RegistryError) => e.kind === 'cancelled');
  assert.equal(c.stats.manifestRequests, 0);
  assert.equal(c.peekCache({ domain: '127.0.0.1:9', path: 'a', reference: '1' }), undefined);
  assert.deepEqual(c.signedInHosts(), []);
});
