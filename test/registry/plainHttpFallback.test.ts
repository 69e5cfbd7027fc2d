/**
 * Docker's rule for registries that may use plain HTTP (loopback, or listed as
 * insecure): try HTTPS, and fall back to HTTP on *any* failure of that attempt.
 * Here a real registry sits behind a proxy that resets TLS handshakes, as some
 * load balancers in front of plain-HTTP registries do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFaultProxy } from './harness/faultProxy';
import type { FaultProxy } from './harness/faultProxy';
import { pushImage } from './harness/push';
import type { PushedImage } from './harness/push';
import { startRegistry } from './harness/registry';
import type { RunningRegistry } from './harness/registry';
import { cleanupClients, newClient } from './clientTestUtil';

describe('plain-HTTP fallback for a loopback registry whose TLS attempts are reset', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  let image: PushedImage;
  before(async () => {
    reg = await startRegistry({});
    proxy = await startFaultProxy(reg, { kind: 'none' }, { resetTlsAttempts: true });
    image = await pushImage(reg, { repo: 'app', tag: '1.0', format: 'docker' });
  });
  after(async () => {
    await cleanupClients();
    await proxy?.stop();
    await reg?.stop();
  });

  test('the reset HTTPS attempt falls back to HTTP at once, without retries, and the digest resolves', async () => {
    const client = newClient({ retries: 3 });
    const resolved = await client.resolve({ domain: proxy.host, path: 'app', reference: '1.0' });
    assert.equal(resolved.digest, image.digest);
    assert.equal(proxy.stats.resetTlsAttempts, 1, 'one HTTPS attempt, not one per retry');
    // The host's scheme is remembered: the next lookup goes straight to HTTP.
    await client.resolve({ domain: proxy.host, path: 'app', reference: '1.0' });
    assert.equal(proxy.stats.resetTlsAttempts, 1);
  });
});
