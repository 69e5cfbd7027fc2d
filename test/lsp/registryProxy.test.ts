/**
 * VS Code's proxy setting reaches the registry: the client forwards `http.proxy`
 * in the editor environment, and the server's lookups go through that proxy (a
 * real CONNECT proxy; the registry is named by an alias only the proxy resolves).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ForwardProxy } from '../registry/harness/forwardProxy';
import { startForwardProxy } from '../registry/harness/forwardProxy';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import type { LspClient } from './harness/lspClient';
import type { PinSummary } from './harness/registryLsp';
import { ServerCommands, openAndWait, pod, startRegistryLsp } from './harness/registryLsp';
import { fileUri, rangeOf } from './harness/text';

const ALIAS = 'registry.kube-image-lens.test';

describe('the editor proxy setting', () => {
  let reg: RunningRegistry;
  let proxy: ForwardProxy;
  let client: LspClient;
  let host: string;
  let digest: string;
  before(async () => {
    reg = await startRegistry({});
    digest = (await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' })).digest;
    proxy = await startForwardProxy(ALIAS);
    host = `${ALIAS}:${reg.host.split(':')[1]}`;
    client = await startRegistryLsp({
      initializationOptions: { environment: { trusted: true, proxy: proxy.url, proxyStrictSSL: true, noProxy: [] } },
      settings: { registry: { insecureRegistries: [host] } },
    });
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await proxy?.stop();
    await reg?.stop();
  });

  test('pinning goes through the proxy the editor names', async () => {
    const uri = fileUri('proxied.yaml');
    const image = `${host}/team/app:1.0`;
    const text = pod([image]);
    await openAndWait(client, uri, text);
    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, ...rangeOf(text, image).start }]);
    assert.equal(summary.pinned, 1);
    assert.equal(client.text(uri), text.replace(image, `${image}@${digest}`));
    assert.ok(proxy.connects.length > 0 && proxy.connects.every((target) => target === host), JSON.stringify(proxy.connects));
  });
});
