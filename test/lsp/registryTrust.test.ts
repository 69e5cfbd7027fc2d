/**
 * Workspace trust: while the client says the workspace is untrusted, the server
 * makes no registry request at all, whatever is asked of it; once trusted,
 * the same requests work. A counting proxy sees every request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { startFaultProxy } from '../registry/harness/faultProxy';
import type { FaultProxy } from '../registry/harness/faultProxy';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import type { LspClient } from './harness/lspClient';
import type { PinSummary } from './harness/registryLsp';
import { ServerCommands, openAndWait, pod, registryStatuses, startRegistryLsp } from './harness/registryLsp';
import { fileUri, positionIn, rangeOf } from './harness/text';

const UNTRUSTED = 'Registry lookups are disabled in an untrusted workspace.';

describe('untrusted workspace', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  let client: LspClient;
  let image: string;
  before(async () => {
    reg = await startRegistry({});
    proxy = await startFaultProxy(reg);
    await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' });
    image = `${proxy.host}/team/app:1.0`;
    client = await startRegistryLsp({
      initializationOptions: { environment: { trusted: false, proxyStrictSSL: true, noProxy: [] } },
      settings: { registry: { lookups: 'onOpenAndSave', hoverLookup: true } },
    });
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await proxy?.stop();
    await reg?.stop();
  });

  test('no request, whatever is asked: open, save, hover, code actions, pin, check', async () => {
    const uri = fileUri('untrusted.yaml');
    const text = pod([image]);
    await openAndWait(client, uri, text);
    await client.save(uri);
    await client.hover(uri, positionIn(text, image, 3));
    const actions = await client.codeActions(uri, rangeOf(text, image));
    assert.ok(!actions.some((action) => action.title.startsWith('Pin ')), 'no pin action offered');

    for (const [command, args] of [
      [ServerCommands.pinImage, [{ uri, ...rangeOf(text, image).start }]],
      [ServerCommands.pinAllInFile, [{ uri }]],
      [ServerCommands.pinAllInWorkspace, []],
      [ServerCommands.checkRegistry, [{ uri }]],
    ] as const) {
      await assert.rejects(client.executeCommand(command, [...args]), (error: unknown) => {
        assert.ok(error instanceof ResponseError, String(error));
        assert.equal(error.message, UNTRUSTED);
        return true;
      });
    }
    assert.equal(client.text(uri), text);
    assert.equal(proxy.stats.requests, 0, `requests: ${JSON.stringify(proxy.stats.byMethodPath)}`);
    assert.deepEqual(registryStatuses(client).at(-1), { state: 'disabled', signedInHosts: [], detail: UNTRUSTED });
  });

  test('once the client reports trust, pinning works', async () => {
    await client.sendNotification('kubeImageLens/environment', { trusted: true, proxyStrictSSL: true, noProxy: [] });
    await client.waitFor('the idle status', () => registryStatuses(client).at(-1)?.state === 'idle');
    const uri = fileUri('trusted.yaml');
    const text = pod([image]);
    await openAndWait(client, uri, text);
    const summary = await client.executeCommand<PinSummary>(ServerCommands.pinImage, [{ uri, ...rangeOf(text, image).start }]);
    assert.equal(summary.pinned, 1);
    assert.match(client.text(uri), new RegExp(`image: ${image.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}\\n`));
    assert.ok(proxy.stats.requests > 0);
  });
});
