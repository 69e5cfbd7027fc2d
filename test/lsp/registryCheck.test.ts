/**
 * Registry findings in the editor: `checkRegistry` (and `onOpenAndSave`) look
 * images up and the diagnostics carry the registry codes; edits re-judge them
 * from what was observed, without asking again. Images name a counting proxy
 * in front of a real registry, so the tests see every request the server makes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { startFaultProxy } from '../registry/harness/faultProxy';
import type { FaultProxy } from '../registry/harness/faultProxy';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import type { LspClient } from './harness/lspClient';
import { PLATFORMS, ServerCommands, codesOf, dockerConfigFor, everythingSaid, openAndWait, pod, registryStatuses, startRegistryLsp } from './harness/registryLsp';
import { fileUri, positionIn } from './harness/text';

function hoverText(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

function byCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((diagnostic) => diagnostic.code === code);
  assert.ok(found, `no ${code} in ${JSON.stringify(diagnostics)}`);
  return found;
}

describe('checkRegistry against a real registry', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  let client: LspClient;
  let multiDigest: string;
  let childDigest: string;
  const image = (name: string): string => `${proxy.host}/${name}`;

  before(async () => {
    reg = await startRegistry({});
    proxy = await startFaultProxy(reg);
    await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' });
    const multi = await pushImage(reg, { repo: 'multi/app', tag: 'v1', format: 'oci', platforms: PLATFORMS });
    multiDigest = multi.digest;
    childDigest = multi.children[0]?.digest ?? '';
    client = await startRegistryLsp();
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await proxy?.stop();
    await reg?.stop();
  });

  async function check(uri: string, code: string): Promise<Diagnostic[]> {
    await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
    return (await client.waitForDiagnostics(uri, (diagnostics) => codesOf(diagnostics).includes(code))).diagnostics;
  }

  test('opening a document asks no registry (lookups are on demand)', async () => {
    const before = proxy.stats.requests;
    await openAndWait(client, fileUri('quiet.yaml'), pod([image('team/app:1.0')]));
    assert.equal(proxy.stats.requests, before);
  });

  test('an unknown tag: image-not-found, with the same documentation link as every code', async () => {
    const uri = fileUri('unknown.yaml');
    // `latest` without imagePullPolicy also has offline findings, to compare the links with.
    const offline = await openAndWait(client, uri, pod([image('team/app:latest')]));
    const diagnostics = await check(uri, 'image-not-found');
    const notFound = byCode(diagnostics, 'image-not-found');
    assert.match(notFound.message, /ErrImagePull/);
    assert.equal(notFound.source, 'kube-image-lens');
    const other = offline[0];
    assert.ok(other?.codeDescription, 'the offline findings have a link');
    assert.equal(notFound.codeDescription?.href, other.codeDescription.href.replace(String(other.code), 'image-not-found'));
  });

  test('a tag that moved since it was pinned: digest-drift', async () => {
    const first = await pushImage(reg, { repo: 'team/drift', tag: '1', format: 'docker', seed: 'one' });
    const uri = fileUri('drift.yaml');
    await openAndWait(client, uri, pod([image(`team/drift:1@${first.digest}`)]));
    await pushImage(reg, { repo: 'team/drift', tag: '1', format: 'docker', seed: 'two' });
    const diagnostics = await check(uri, 'digest-drift');
    assert.match(byCode(diagnostics, 'digest-drift').message, new RegExp(first.digest));
  });

  test('a platform manifest pinned instead of the index: platform-digest', async () => {
    const uri = fileUri('child.yaml');
    await openAndWait(client, uri, pod([image(`multi/app:v1@${childDigest}`)]));
    const diagnostics = await check(uri, 'platform-digest');
    assert.match(byCode(diagnostics, 'platform-digest').message, new RegExp(multiDigest));
  });

  test('a node selector for an architecture the index lacks: platform-missing; fixing it re-judges without a request', async () => {
    const uri = fileUri('s390x.yaml');
    const text = pod([image('multi/app:v1')], ['nodeSelector:', '  kubernetes.io/arch: s390x']);
    await openAndWait(client, uri, text);
    const diagnostics = await check(uri, 'platform-missing');
    assert.match(byCode(diagnostics, 'platform-missing').message, /s390x/);

    const requests = proxy.stats.requests;
    const at = positionIn(text, 's390x', 0);
    await client.change(uri, client.version(uri) + 1, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'arm64' }]);
    const after = await client.waitForCurrentDiagnostics(uri);
    assert.ok(!codesOf(after.diagnostics).includes('platform-missing'), JSON.stringify(after.diagnostics));
    assert.equal(proxy.stats.requests, requests, 'judged from the remembered observation');
  });

  test('the hover shows the digest after a check, and a hover asks no registry', async () => {
    const uri = fileUri('hover.yaml');
    const text = pod([image('multi/app:v1')]);
    await openAndWait(client, uri, text);
    await client.executeCommand(ServerCommands.clearRegistryCache, []);
    const position = positionIn(text, image('multi/app:v1'), 3);

    const requestsBefore = proxy.stats.requests;
    assert.doesNotMatch(hoverText(await client.hover(uri, position)), /\*\*Registry\*\*/);
    assert.equal(proxy.stats.requests, requestsBefore, 'a hover makes no request');

    await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
    const requestsAfterCheck = proxy.stats.requests;
    assert.ok(requestsAfterCheck > requestsBefore);
    const shown = hoverText(await client.hover(uri, position));
    assert.match(shown, /\*\*Registry\*\* \(looked up (just now|\d+ s ago)\)/);
    assert.ok(shown.includes(`Tag \`v1\` → \`${multiDigest}\``), shown);
    assert.match(shown, /Platforms: `linux\/amd64`, `linux\/arm64\/v8`/);
    assert.equal(proxy.stats.requests, requestsAfterCheck, 'the hover after the check makes no request either');
  });

  test('clearRegistryCache drops the registry findings until the next check', async () => {
    const uri = fileUri('cleared.yaml');
    await openAndWait(client, uri, pod([image('team/app:gone')]));
    await check(uri, 'image-not-found');
    const count = client.publishCount(uri);
    await client.executeCommand(ServerCommands.clearRegistryCache, []);
    const published = await client.waitForDiagnostics(uri, () => true, undefined, count);
    assert.ok(!codesOf(published.diagnostics).includes('image-not-found'));
  });

  test('registry.hoverLookup: a hover of an unknown image asks the registry, then shows the digest', async () => {
    const uri = fileUri('hover-lookup.yaml');
    const text = pod([image('team/app:1.0')]);
    await openAndWait(client, uri, text);
    await client.executeCommand(ServerCommands.clearRegistryCache, []);
    client.settings = { registry: { hoverLookup: true } };
    await client.didChangeConfiguration({});
    try {
      const requests = proxy.stats.requests;
      const shown = hoverText(await client.hover(uri, positionIn(text, image('team/app:1.0'), 3)));
      assert.match(shown, /\*\*Registry\*\* \(looked up/);
      assert.ok(proxy.stats.requests > requests);
    } finally {
      client.settings = {};
      await client.didChangeConfiguration({});
    }
  });

  test('an unreachable registry: registry-unreachable, and the status goes offline until a lookup succeeds', async () => {
    const uri = fileUri('unreachable.yaml');
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    await openAndWait(client, uri, pod(['127.0.0.1:9/team/app:1.0']));
    const diagnostics = await check(uri, 'registry-unreachable');
    assert.match(byCode(diagnostics, 'registry-unreachable').message, /127\.0\.0\.1:9/);
    // The summary says the check did not really happen, instead of a plain "Checked 1 image".
    assert.match(everythingSaid(client), /Checked 1 image against their registries; 1 could not be checked \(registry unreachable or login needed\)/);
    await client.waitFor('the offline status', () => registryStatuses(client).at(-1)?.state === 'offline');
    const reachable = fileUri('reachable.yaml');
    await openAndWait(client, reachable, pod([image('team/app:1.0')]));
    await client.executeCommand(ServerCommands.checkRegistry, [{ uri: reachable }]);
    await client.waitFor('the idle status', () => registryStatuses(client).at(-1)?.state === 'idle');
  });

  test('status: busy while looking up, then idle', async () => {
    const statuses = registryStatuses(client).map((status) => status.state);
    assert.ok(statuses.includes('busy'), JSON.stringify(statuses));
    assert.equal(statuses.at(-1), 'idle');
  });
});

describe('registry lookups on open and save (opted in)', () => {
  let reg: RunningRegistry;
  let client: LspClient;
  before(async () => {
    reg = await startRegistry({});
    await pushImage(reg, { repo: 'team/app', tag: '1.0', format: 'docker' });
    client = await startRegistryLsp({ settings: { registry: { lookups: 'onOpenAndSave' } } });
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await reg?.stop();
  });

  test('opening and saving check the document without a command', async () => {
    const uri = fileUri('auto.yaml');
    const text = pod([`${reg.host}/team/app:1.0`, `${reg.host}/team/app:missing`]);
    await client.open(uri, text);
    const opened = await client.waitForDiagnostics(uri, (diagnostics) => codesOf(diagnostics).includes('image-not-found'));
    assert.equal(opened.diagnostics.filter((diagnostic) => diagnostic.code === 'image-not-found').length, 1);

    const at = positionIn(text, 'missing', 0);
    await client.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 7 } }, text: 'absent' }]);
    await client.save(uri);
    await client.waitForDiagnostics(uri, (diagnostics) =>
      diagnostics.some((diagnostic) => diagnostic.code === 'image-not-found' && diagnostic.message.includes('absent')),
    );
  });
});

describe('private registry (token auth, credentials from DOCKER_CONFIG)', () => {
  let reg: RunningRegistry;
  let client: LspClient;
  let image: string;
  let dockerConfig: { dir: string; cleanup: () => void };
  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    await pushImage(reg, { repo: 'private/app', tag: '1.0', format: 'docker' });
    image = `${reg.host}/private/app:1.0`;
    const user = reg.users[0];
    assert.ok(user);
    dockerConfig = dockerConfigFor(reg.host, user);
    client = await startRegistryLsp({ env: { DOCKER_CONFIG: dockerConfig.dir } });
  });
  after(async () => {
    assert.ok(client.alive, `the server exited: ${client.stderr}`);
    await client.dispose();
    await reg?.stop();
    dockerConfig?.cleanup();
  });

  test('credentials were needed and the pod names no imagePullSecrets: missing-pull-secret; signed-in host in the status', async () => {
    const uri = fileUri('private.yaml');
    await openAndWait(client, uri, pod([image]));
    await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
    const published = await client.waitForDiagnostics(uri, (diagnostics) => codesOf(diagnostics).includes('missing-pull-secret'));
    assert.equal(byCode(published.diagnostics, 'missing-pull-secret').severity, 3, 'info');
    await client.waitFor('the signed-in host', () => registryStatuses(client).some((status) => status.signedInHosts.includes(reg.host)));
    assert.ok(!everythingSaid(client).includes(reg.users[0]?.password ?? '\0'), 'no credential in any message');
  });

  test('registry.dockerConfig (a config.json path) replaces DOCKER_CONFIG: wrong credentials give registry-auth-required', async () => {
    const wrong = dockerConfigFor(reg.host, { username: 'tester', password: 'not-the-password' });
    const uri = fileUri('wrong-credentials.yaml');
    client.settings = { registry: { dockerConfig: path.join(wrong.dir, 'config.json') } };
    await client.didChangeConfiguration({});
    try {
      await openAndWait(client, uri, pod([image]));
      await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
      await client.waitForDiagnostics(uri, (diagnostics) => codesOf(diagnostics).includes('registry-auth-required'));
    } finally {
      client.settings = {};
      await client.didChangeConfiguration({});
      await client.close(uri);
      wrong.cleanup();
    }
  });

  test('with imagePullSecrets: no registry finding', async () => {
    const uri = fileUri('with-secret.yaml');
    await openAndWait(client, uri, pod([image], ['imagePullSecrets:', '  - name: regcred']));
    const count = client.publishCount(uri);
    await client.executeCommand(ServerCommands.checkRegistry, [{ uri }]);
    const published = await client.waitForDiagnostics(uri, () => true, undefined, count);
    assert.deepEqual(
      published.diagnostics.filter((diagnostic) => ['missing-pull-secret', 'registry-auth-required'].includes(String(diagnostic.code))),
      [],
    );
  });
});
