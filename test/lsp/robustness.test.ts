/**
 * The server must never die and never stop answering, whatever it is sent.
 * After each hostile input the same process must still answer a hover on a
 * normal document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './harness/lspClient';
import { deployment, fileUri, positionIn } from './harness/text';

let client: LspClient;
let probeUri: string;
const probeText = deployment('nginx:1.25', 'IfNotPresent');

before(async () => {
  client = LspClient.start();
  await client.initialize();
  probeUri = fileUri('probe.yaml');
  await client.open(probeUri, probeText);
  await client.waitForCurrentDiagnostics(probeUri);
});

after(async () => {
  assert.ok(client.alive, `the server exited: ${JSON.stringify(client.exitInfo)}\n${client.stderr}`);
  // Errors caught by the process-wide safety net are bugs even if the server survived them.
  const unexpected = client.logMessages.filter((m) => /Unexpected error|Unhandled rejection/.test(m.message));
  assert.deepEqual(unexpected, []);
  const exit = await client.shutdown();
  assert.deepEqual(exit, { code: 0, signal: null }, 'shutdown + exit ends the process with code 0');
  await client.dispose();
});

/** The server is alive and answers a hover on the probe document. */
async function assertResponsive(): Promise<void> {
  assert.ok(client.alive, `the server exited: ${JSON.stringify(client.exitInfo)}\n${client.stderr}`);
  const hover = await client.hover(probeUri, positionIn(probeText, 'nginx:1.25', 2));
  assert.match(JSON.stringify(hover), /IfNotPresent/);
}

/** Opens `text`, waits for its diagnostics (or fails at the deadline), hovers into it, then checks the probe. */
async function survive(name: string, text: string, timeoutMs = 30_000): Promise<void> {
  const uri = fileUri(name);
  await client.open(uri, text);
  await client.waitForCurrentDiagnostics(uri, timeoutMs);
  await client.hover(uri, { line: 0, character: 1 });
  await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  await client.completion(uri, { line: 0, character: 1 });
  await client.close(uri);
  await assertResponsive();
}

function binaryish(length: number, seed: number): string {
  let out = '';
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(x % 0xffff);
  }
  return out;
}

describe('hostile input', () => {
  test('garbage text', async () => {
    await survive('garbage.yaml', '}{][:::---\n- - - ? : !!binary |\n  %%%\n\t\t\t&&& ***\n{{{{ }} ]]');
  });

  test('binary-ish strings with NUL, lone surrogates and BOMs', async () => {
    await survive('binary.yaml', `\uFEFF\u0000\u0001image: \uD800x\n${binaryish(20_000, 7)}\n---\n${deployment('n\u0000ginx:\uDFFFlatest', 'IfNotPresent')}`);
  });

  test('a 2 MB single line and a 1 MB image value', async () => {
    await survive('huge-line.yaml', 'x'.repeat(2_000_000));
    await survive('huge-image.yaml', deployment(`nginx:${'a'.repeat(1_000_000)}`, 'IfNotPresent'));
  });

  test('flow collections nested 10k deep (plain and as an image value)', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    await survive('deep.yaml', deep);
    await survive('deep-map.yaml', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`);
    await survive('deep-image.yaml', deployment(deep, 'IfNotPresent'));
    await survive('deep-unclosed.yaml', deployment('['.repeat(10_000), 'IfNotPresent'));
  });

  test('block structure nested 3k deep', async () => {
    const text = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    await survive('deep-block.yaml', `apiVersion: v1\nkind: Pod\nspec:\n${text.replace(/^/gm, '  ')}\n`);
  });

  test('5000 `---` documents, then edits to them', async () => {
    const docs = Array.from({ length: 5_000 }, (_, i) => (i % 10 === 0 ? deployment(`app${i}:latest`, 'IfNotPresent', `d${i}`) : `a${i}: 1\n`));
    const uri = fileUri('many.yaml');
    await client.open(uri, docs.join('---\n'));
    const published = await client.waitForCurrentDiagnostics(uri, 60_000);
    assert.equal(published.diagnostics.length, 500);
    await assertResponsive();
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '---\n---\n' }]);
    const again = await client.waitForCurrentDiagnostics(uri, 60_000);
    assert.equal(again.diagnostics.length, 500);
    assert.equal(again.diagnostics[0]?.range.start.line, (published.diagnostics[0]?.range.start.line ?? 0) + 2);
    await client.close(uri);
    await assertResponsive();
  });

  test('5000 empty documents and a file of only markers', async () => {
    await survive('markers.yaml', '---\n'.repeat(5_000));
    await survive('dots.yaml', '...\n---\n'.repeat(2_500));
  });

  test('many aliases (billion-laughs shape) do not blow up', async () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lol.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    await survive('laughs.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n${lol.join('\n')}\nspec:\n  containers: [{image: *j}]\n`);
  });

  test('a document with thousands of containers', async () => {
    const containers = Array.from({ length: 3_000 }, (_, i) => `        - name: c${i}\n          image: img${i}:latest\n          imagePullPolicy: IfNotPresent`).join('\n');
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n      containers:\n${containers}\n`;
    const uri = fileUri('containers.yaml');
    await client.open(uri, text);
    const published = await client.waitForCurrentDiagnostics(uri, 60_000);
    assert.equal(published.diagnostics.length, 3_000);
    await client.close(uri);
    await assertResponsive();
  });
});

describe('requests the server cannot match to a document', () => {
  test('hover, code actions and completion for an unknown URI answer null / []', async () => {
    const uri = 'file:///never/opened.yaml';
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll.kube-image-lens']), []);
    assert.deepEqual(await client.completion(uri, { line: 0, character: 0 }), []);
    await assertResponsive();
  });

  test('odd URIs: untitled, virtual schemes, encoded characters', async () => {
    for (const uri of ['untitled:Untitled-1', 'vscode-vfs://github/o/r/prod/deploy.yaml', 'file:///tmp/with%20space/%E2%9C%93/values-prod.yaml']) {
      await client.open(uri, deployment('nginx:latest', 'IfNotPresent'));
      const published = await client.waitForCurrentDiagnostics(uri);
      assert.equal(published.diagnostics.length, 1, uri);
      assert.ok(await client.hover(uri, positionIn(client.text(uri), 'nginx:latest', 1)));
      await client.close(uri);
    }
    await assertResponsive();
  });

  test('positions far outside the document', async () => {
    for (const position of [
      { line: 100_000, character: 0 },
      { line: 0, character: 100_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
    ]) {
      assert.equal(await client.hover(probeUri, position), null);
      await client.completion(probeUri, position);
      await client.codeActions(probeUri, { start: position, end: position });
    }
    await assertResponsive();
  });

  test('malformed params and notifications do not kill the server', async () => {
    await client.sendNotification('kubeImageLens/setProfileOverride', { uri: probeUri, profile: 'nonsense' });
    await client.sendNotification('kubeImageLens/setProfileOverride', null);
    await client.sendNotification('kubeImageLens/setProfileOverride', { uri: 42 });
    await client.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.yaml', version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.sendNotification('workspace/didChangeConfiguration', { settings: 'not an object' });
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { kubeImageLens: { severity: 'loud', profiles: 7 } } });
    await client.sendNotification('no/such/notification', { x: 1 });
    await assert.rejects(client.sendRequest('no/such/request', {}), /Unhandled method|not found|MethodNotFound/i);
    await client.sendRequest('textDocument/hover', { textDocument: { uri: probeUri } }).catch(() => undefined);
    await client.sendRequest('textDocument/codeAction', { textDocument: { uri: probeUri }, range: null, context: null }).catch(() => undefined);
    await client.sendRequest('textDocument/completion', { textDocument: { uri: probeUri }, position: { line: 'a', character: null } }).catch(() => undefined);
    // Restore defaults for the rest of the file.
    await client.sendNotification('kubeImageLens/setProfileOverride', { uri: probeUri, profile: null });
    await client.didChangeConfiguration({ kubeImageLens: {} });
    await assertResponsive();
  });

  test('an out-of-range incremental edit is clamped, not fatal', async () => {
    const uri = fileUri('clamp.yaml');
    await client.open(uri, deployment('nginx:latest', 'IfNotPresent'));
    await client.waitForCurrentDiagnostics(uri);
    await client.change(uri, 2, [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 4 } }, text: '# appended\n' }]);
    await client.waitForCurrentDiagnostics(uri);
    await client.close(uri);
    await assertResponsive();
  });
});
