/**
 * Settings reach the real server every way a client can send them: pulled with
 * `workspace/configuration`, pushed in initializationOptions and
 * didChangeConfiguration (clients without pull support), the project file
 * `.kube-image-lens.yaml`, in-file comments, file paths and the profile override.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './harness/lspClient';
import { deployment, fileUri, lines, rangeOf, tempWorkspace } from './harness/text';

const clients: LspClient[] = [];

async function startClient(...args: Parameters<typeof LspClient.start>): Promise<LspClient> {
  const client = LspClient.start(...args);
  clients.push(client);
  return client;
}

after(async () => {
  for (const client of clients) {
    assert.ok(client.alive, `a server exited during the tests: ${JSON.stringify(client.exitInfo)}\n${client.stderr}`);
    await client.dispose();
  }
});

function codes(diagnostics: Diagnostic[]): Array<[unknown, unknown]> {
  return diagnostics.map((d) => [d.code, d.severity]);
}

async function openAndWait(client: LspClient, uri: string, text: string): Promise<Diagnostic[]> {
  await client.open(uri, text);
  return (await client.waitForCurrentDiagnostics(uri)).diagnostics;
}

describe('workspace/configuration (pull)', () => {
  test('severity off removes the diagnostic; the request asks for the kubeImageLens section of the document', async () => {
    const client = await startClient({ settings: { severity: { 'latest-tag-cached': 'off' } } });
    await client.initialize({ configuration: true });
    const uri = fileUri('deploy.yaml');
    assert.deepEqual(await openAndWait(client, uri, deployment('nginx:latest', 'IfNotPresent')), []);
    const items = client.configurationRequests.flatMap((request) => request.items);
    assert.ok(
      items.some((item) => item.section === 'kubeImageLens' && item.scopeUri === uri),
      JSON.stringify(items),
    );
  });

  test('a settings change announced by didChangeConfiguration is pulled again', async () => {
    const client = await startClient({ settings: {} });
    await client.initialize({ configuration: true });
    const uri = fileUri('deploy.yaml');
    assert.deepEqual(codes(await openAndWait(client, uri, deployment('nginx:latest', 'IfNotPresent'))), [
      ['latest-tag-cached', DiagnosticSeverity.Warning],
    ]);
    client.settings = (_scope: string | undefined, section: string | undefined) =>
      section === 'kubeImageLens' ? { severity: { 'latest-tag-cached': 'error' } } : null;
    const since = client.publishCount(uri);
    // VS Code sends `{ settings: null }` for pull clients; the server must re-read.
    await client.didChangeConfiguration(null);
    const published = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.severity === DiagnosticSeverity.Error), undefined, since);
    assert.deepEqual(codes(published.diagnostics), [['latest-tag-cached', DiagnosticSeverity.Error]]);
  });

  test('an invalid setting is reported once to the user, valid parts still apply', async () => {
    const client = await startClient({ settings: { severity: { 'latest-tag-cached': 'loud', 'mutable-tag': 'off' }, defaultProfile: 'qa' } });
    await client.initialize({ configuration: true });
    const uri = fileUri('deploy.yaml');
    // mutable-tag off applied; latest-tag-cached keeps its default severity
    assert.deepEqual(codes(await openAndWait(client, uri, deployment('nginx', null))), []);
    await client.waitFor('a warning about the bad settings', () => client.showMessages.find((m) => /latest-tag-cached/.test(m.message)));
    assert.ok(client.showMessages.some((m) => /defaultProfile/.test(m.message)));
  });
});

describe('clients without workspace/configuration (Neovim, Helix …)', () => {
  test('initializationOptions then didChangeConfiguration { settings: { kubeImageLens } }', async () => {
    const client = await startClient();
    await client.initialize({ configuration: false, initializationOptions: { kubeImageLens: { severity: { 'latest-tag-cached': 'error' } } } });
    const uri = fileUri('deploy.yaml');
    assert.deepEqual(codes(await openAndWait(client, uri, deployment('nginx:latest', 'IfNotPresent'))), [
      ['latest-tag-cached', DiagnosticSeverity.Error],
    ]);

    let since = client.publishCount(uri);
    await client.didChangeConfiguration({ kubeImageLens: { severity: { 'latest-tag-cached': 'off' } } });
    await client.waitForDiagnostics(uri, (d) => d.length === 0, undefined, since);

    // Neovim's `settings = {...}` arrives as the same shape; a plain section is accepted too.
    since = client.publishCount(uri);
    await client.didChangeConfiguration({ kubeImageLens: { severity: { 'latest-tag-cached': 'hint' } } });
    const hinted = await client.waitForDiagnostics(uri, (d) => d.length === 1, undefined, since);
    assert.deepEqual(codes(hinted.diagnostics), [['latest-tag-cached', DiagnosticSeverity.Hint]]);

    assert.deepEqual(client.configurationRequests, [], 'the server must not send workspace/configuration to a client without it');
  });

  test('initializationOptions holding the section directly', async () => {
    const client = await startClient();
    await client.initialize({ configuration: false, initializationOptions: { alwaysPullImagesAdmission: true } });
    const uri = fileUri('deploy.yaml');
    await openAndWait(client, uri, deployment('nginx:latest', 'IfNotPresent'));
    const hover = await client.hover(uri, rangeOf(client.text(uri), 'nginx:latest').start);
    assert.match(JSON.stringify(hover), /forced by admission/);
  });
});

describe('profiles', () => {
  let client: LspClient;
  before(async () => {
    client = await startClient();
    await client.initialize();
  });

  // latest-tag-cached is info in dev, warning in staging, error in prod.
  const cached = deployment('nginx:latest', 'IfNotPresent');

  test('a `# kube-image-lens: profile=prod` comment makes it prod', async () => {
    const uri = fileUri('deploy.yaml');
    const diagnostics = await openAndWait(client, uri, `# kube-image-lens: profile=prod\n${cached}`);
    assert.deepEqual(codes(diagnostics), [['latest-tag-cached', DiagnosticSeverity.Error]]);
    // The status bar notification follows the diagnostics.
    const status = await client.waitFor('kubeImageLens/fileStatus', () =>
      client.otherNotifications
        .filter((n) => n.method === 'kubeImageLens/fileStatus')
        .map((n) => n.params as { uri: string; profile: string; profileSource: string; imageCount: number })
        .find((params) => params.uri === uri),
    );
    assert.deepEqual(status, { uri, profile: 'prod', profileSource: 'comment', imageCount: 1 });
  });

  test('a profile comment in a later document of the file still applies', async () => {
    const text = lines(deployment('redis:7', null, 'a'), '---', '# kube-image-lens: profile=dev', cached);
    assert.deepEqual(codes(await openAndWait(client, fileUri('deploy.yaml'), text)), [['latest-tag-cached', DiagnosticSeverity.Information]]);
  });

  for (const [name, severity] of [
    ['values-prod.yaml', DiagnosticSeverity.Error],
    ['prod/deploy.yaml', DiagnosticSeverity.Error],
    ['overlays/production/deploy.yaml', DiagnosticSeverity.Error],
    ['overlays/dev/deploy.yaml', DiagnosticSeverity.Information],
    ['deploy-staging.yaml', DiagnosticSeverity.Warning],
    ['deploy.yaml', DiagnosticSeverity.Warning],
  ] as const) {
    test(`path ${name} → severity ${severity}`, async () => {
      assert.deepEqual(codes(await openAndWait(client, fileUri(name), cached)), [['latest-tag-cached', severity]]);
    });
  }

  test('latest with Always is an error only in prod', async () => {
    const always = deployment('nginx:latest', 'Always');
    assert.deepEqual(codes(await openAndWait(client, fileUri('prod/a.yaml'), always)), [['always-pull-latest-prod', DiagnosticSeverity.Error]]);
    assert.deepEqual(codes(await openAndWait(client, fileUri('dev/a.yaml'), always)), []);
  });

  test('kubeImageLens/setProfileOverride beats comment and path; null restores them', async () => {
    const uri = fileUri('prod/override.yaml');
    assert.deepEqual(codes(await openAndWait(client, uri, cached)), [['latest-tag-cached', DiagnosticSeverity.Error]]);
    let since = client.publishCount(uri);
    await client.sendNotification('kubeImageLens/setProfileOverride', { uri, profile: 'dev' });
    const dev = await client.waitForDiagnostics(uri, () => true, undefined, since);
    assert.deepEqual(codes(dev.diagnostics), [['latest-tag-cached', DiagnosticSeverity.Information]]);
    const hover = await client.hover(uri, rangeOf(cached, 'nginx:latest').start);
    assert.match(JSON.stringify(hover), /Profile `dev`\*\* \(chosen for this file\)/);

    since = client.publishCount(uri);
    await client.sendNotification('kubeImageLens/setProfileOverride', { uri, profile: null });
    const back = await client.waitForDiagnostics(uri, () => true, undefined, since);
    assert.deepEqual(codes(back.diagnostics), [['latest-tag-cached', DiagnosticSeverity.Error]]);
  });
});

describe('.kube-image-lens.yaml in the workspace root', () => {
  const workspace = tempWorkspace();
  let client: LspClient;
  const config = lines(
    'severity:',
    '  latest-tag-cached: error',
    '  mutable-tag: "off"',
    'profiles:',
    '  - pattern: "special/**"',
    '    profile: prod',
    'mutableTagPatterns:',
    '  - "main-.*"',
    '',
  );

  before(async () => {
    writeFileSync(path.join(workspace.dir, '.kube-image-lens.yaml'), config);
    mkdirSync(path.join(workspace.dir, 'special'), { recursive: true });
    client = await startClient({ cwd: workspace.dir, settings: {} });
    await client.initialize({
      rootUri: workspace.rootUri,
      workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
  });
  after(() => workspace.cleanup());

  test('severities from the project file', async () => {
    assert.deepEqual(codes(await openAndWait(client, workspace.uri('app.yaml'), deployment('nginx:latest', 'IfNotPresent'))), [
      ['latest-tag-cached', DiagnosticSeverity.Error],
    ]);
    // mutable-tag is off: a moving tag with Always says nothing in staging
    assert.deepEqual(codes(await openAndWait(client, workspace.uri('app2.yaml'), deployment('nginx', null))), []);
  });

  test('profile patterns from the project file, relative to its directory', async () => {
    assert.deepEqual(codes(await openAndWait(client, workspace.uri('special/app.yaml'), deployment('nginx:latest', 'Always'))), [
      ['always-pull-latest-prod', DiagnosticSeverity.Error],
    ]);
  });

  test('mutable tag patterns from the project file', async () => {
    assert.deepEqual(codes(await openAndWait(client, workspace.uri('app3.yaml'), deployment('myorg/app:main-4f2a9c1', 'IfNotPresent'))), [
      ['latest-tag-cached', DiagnosticSeverity.Error],
    ]);
  });

  test('editor settings are layered over the project file', async () => {
    const layered = await startClient({ cwd: workspace.dir, settings: { severity: { 'latest-tag-cached': 'hint' } } });
    await layered.initialize({ rootUri: workspace.rootUri, workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
    assert.deepEqual(codes(await openAndWait(layered, workspace.uri('app.yaml'), deployment('nginx:latest', 'IfNotPresent'))), [
      ['latest-tag-cached', DiagnosticSeverity.Hint],
    ]);
  });

  test('a changed project file is re-read after workspace/didChangeWatchedFiles', async () => {
    const uri = workspace.uri('watched.yaml');
    assert.deepEqual(codes(await openAndWait(client, uri, deployment('nginx:latest', 'IfNotPresent'))), [['latest-tag-cached', DiagnosticSeverity.Error]]);
    // The server asked to watch the config file.
    assert.ok(client.otherRequests.some((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('.kube-image-lens.yaml')));
    writeFileSync(path.join(workspace.dir, '.kube-image-lens.yaml'), config.replace('latest-tag-cached: error', 'latest-tag-cached: info'));
    const since = client.publishCount(uri);
    await client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: workspace.uri('.kube-image-lens.yaml'), type: FileChangeType.Changed }],
    });
    const published = await client.waitForDiagnostics(uri, () => true, undefined, since);
    assert.deepEqual(codes(published.diagnostics), [['latest-tag-cached', DiagnosticSeverity.Information]]);
  });
});

describe('suppression comments', () => {
  let client: LspClient;
  before(async () => {
    client = await startClient();
    await client.initialize();
  });

  test('disable-next-line with the code and a reason hides exactly that finding', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent').replace(
      '          image: nginx:latest',
      '          # kube-image-lens-disable-next-line latest-tag-cached -- loaded into kind by CI\n          image: nginx:latest',
    );
    assert.deepEqual(await openAndWait(client, fileUri('a.yaml'), text), []);
  });

  test('disable-next-line for another code does not hide it', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent').replace(
      '          image: nginx:latest',
      '          # kube-image-lens-disable-next-line mutable-tag -- not this one\n          image: nginx:latest',
    );
    assert.deepEqual(codes(await openAndWait(client, fileUri('b.yaml'), text)), [['latest-tag-cached', DiagnosticSeverity.Warning]]);
  });

  test('disable-next-line only covers the next line', async () => {
    const text = lines(
      deployment('nginx:latest', 'IfNotPresent', 'one').replace(
        '          image: nginx:latest',
        '          # kube-image-lens-disable-next-line latest-tag-cached -- ok here\n          image: nginx:latest',
      ),
      '---',
      deployment('nginx:latest', 'IfNotPresent', 'two'),
    );
    const diagnostics = await openAndWait(client, fileUri('c.yaml'), text);
    assert.deepEqual(
      diagnostics.map((d) => d.range),
      [rangeOf(text, 'nginx:latest', 1)],
    );
  });

  test('file-wide disable in a CRLF file', async () => {
    const text = `# kube-image-lens-disable latest-tag-cached -- demo file\r\n${deployment('nginx:latest', 'IfNotPresent').replace(/\n/g, '\r\n')}`;
    assert.deepEqual(await openAndWait(client, fileUri('d.yaml'), text), []);
  });

  test('an unknown code suppresses nothing', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent').replace(
      '          image: nginx:latest',
      '          # kube-image-lens-disable-next-line latest-tag-cahced -- typo\n          image: nginx:latest',
    );
    assert.deepEqual(codes(await openAndWait(client, fileUri('e.yaml'), text)), [['latest-tag-cached', DiagnosticSeverity.Warning]]);
  });
});
