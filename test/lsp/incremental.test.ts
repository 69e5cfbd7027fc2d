/**
 * Incremental document sync against the real server: diagnostics follow the
 * edits, and a burst of edits ends with the diagnostics of the final text,
 * published for the final version (stale analyses never win).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, lines, positionAt, rangeOf } from './harness/text';

const server = useSharedServer();

function comparable(diagnostics: Diagnostic[]): Array<{ code: unknown; range: Diagnostic['range']; message: string; severity: unknown }> {
  return diagnostics
    .map((d) => ({ code: d.code, range: d.range, message: d.message, severity: d.severity }))
    .sort(
      (a, b) =>
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)),
    );
}

/** Diagnostics the server publishes for `text` opened fresh under a sibling URI with the same file name. */
async function freshDiagnostics(name: string, text: string): Promise<Diagnostic[]> {
  const uri = fileUri(name);
  await server().open(uri, text);
  const published = await server().waitForCurrentDiagnostics(uri);
  await server().close(uri);
  return published.diagnostics;
}

/** Once a version was published, no later publish for that URI may carry an older version. */
function assertMonotonic(publishes: readonly PublishDiagnosticsParams[]): void {
  let highest = -Infinity;
  for (const publish of publishes) {
    if (publish.version === undefined || publish.version === null) {
      continue;
    }
    assert.ok(publish.version >= highest, `version ${publish.version} published after ${highest}: ${publishes.map((p) => p.version).join(',')}`);
    highest = publish.version;
  }
}

describe('incremental edits', () => {
  test('changing the policy to Always removes latest-tag-cached', async () => {
    const uri = fileUri('deploy.yaml');
    const text = deployment('nginx:latest', 'IfNotPresent');
    await server().open(uri, text);
    const first = await server().waitForCurrentDiagnostics(uri);
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['latest-tag-cached'],
    );

    await server().change(uri, 2, [{ range: rangeOf(text, 'IfNotPresent'), text: 'Always' }]);
    assert.equal(server().text(uri), deployment('nginx:latest', 'Always'));
    const second = await server().waitForCurrentDiagnostics(uri);
    assert.equal(second.version, 2);
    const codes = second.diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('latest-tag-cached'), JSON.stringify(codes));
    // staging still dislikes a moving tag, but that is a different finding
    assert.deepEqual(codes, ['mutable-tag']);
  });

  test('an edit above the image moves the diagnostic with it', async () => {
    const uri = fileUri('moving.yaml');
    const text = deployment('redis', 'IfNotPresent');
    await server().open(uri, text);
    await server().waitForCurrentDiagnostics(uri);
    await server().change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n# b\r\n' }]);
    const published = await server().waitForCurrentDiagnostics(uri);
    assert.deepEqual(
      published.diagnostics.map((d) => d.range),
      [rangeOf(server().text(uri), 'redis')],
    );
    assert.equal(published.diagnostics[0]?.range.start.line, 11);
  });

  test('a burst of 20 edits ends with the diagnostics of the final text at the final version', async () => {
    const uri = fileUri('burst.yaml');
    let version = 1;
    await server().open(uri, deployment('nginx:1.0', 'IfNotPresent'));
    await server().waitForCurrentDiagnostics(uri);
    const before = server().publishCount(uri);

    // Each edit changes the tag (flipping findings on and off) and every fifth adds a line on top
    // (shifting every range), sent back to back without waiting for anything.
    const tags = ['latest', '1.1', '', 'latest', 'main', '2.0', 'latest', '', '3', 'latest'];
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) {
      const current = server().text(uri);
      const imageLine = current.split('\n').findIndex((line) => line.includes('image: '));
      const lineText = current.split('\n')[imageLine] as string;
      const start = lineText.indexOf('nginx') + 'nginx'.length;
      const tag = tags[i % tags.length] as string;
      const changes: TextDocumentContentChangeEvent[] = [
        { range: { start: { line: imageLine, character: start }, end: { line: imageLine, character: lineText.length } }, text: tag ? `:${tag}` : '' },
      ];
      if (i % 5 === 4) {
        changes.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# edit ${i}\n` });
      }
      version++;
      sends.push(server().change(uri, version, changes));
    }
    await Promise.all(sends);
    assert.equal(version, 21);

    const last = await server().waitForDiagnostics(uri, (_d, params) => params.version === version, undefined, before);
    const publishes = server().publishes.get(uri) ?? [];
    assertMonotonic(publishes);
    const finalText = server().text(uri);
    // The tag of edit 19 is tags[9] = latest, with IfNotPresent.
    assert.match(finalText, /image: nginx:latest\n/);
    assert.deepEqual(
      last.diagnostics.map((d) => [d.code, d.range]),
      [['latest-tag-cached', rangeOf(finalText, 'nginx:latest')]],
    );
    assert.deepEqual(comparable(last.diagnostics), comparable(await freshDiagnostics('burst.yaml', finalText)));
  });

  test('a burst of edits during the analysis of a large file: the final version wins', async () => {
    const uri = fileUri('large.yaml');
    const docs: string[] = [];
    for (let i = 0; i < 1500; i++) {
      docs.push(deployment(i % 3 === 0 ? `app${i}:latest` : `app${i}:1.${i}`, 'IfNotPresent', `d${i}`));
    }
    let version = 1;
    await server().open(uri, docs.join('---\n'));
    const before = server().publishCount(uri);
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) {
      const text = server().text(uri);
      // Replace the policy of a document somewhere in the file (all over the place, invalidating cached chunks).
      const target = text.indexOf('imagePullPolicy: ', Math.floor((text.length * ((i * 7) % 20)) / 20));
      const from = positionAt(text, target + 'imagePullPolicy: '.length);
      const lineEnd = text.indexOf('\n', target);
      const to = positionAt(text, lineEnd);
      version++;
      sends.push(server().change(uri, version, [{ range: { start: from, end: to }, text: i % 2 === 0 ? 'Always' : 'IfNotPresent' }]));
    }
    await Promise.all(sends);
    const last = await server().waitForDiagnostics(uri, (_d, params) => params.version === version, 60_000, before);
    assertMonotonic(server().publishes.get(uri) ?? []);
    assert.deepEqual(comparable(last.diagnostics), comparable(await freshDiagnostics('large.yaml', server().text(uri))));
  });

  test('whole-document (full) changes are accepted too', async () => {
    const uri = fileUri('full.yaml');
    await server().open(uri, deployment('nginx:1.25', null));
    const first = await server().waitForCurrentDiagnostics(uri);
    assert.deepEqual(first.diagnostics, []);
    await server().change(uri, 2, [{ text: lines(deployment('nginx', 'IfNotPresent')) }]);
    const second = await server().waitForCurrentDiagnostics(uri);
    assert.deepEqual(
      second.diagnostics.map((d) => d.code),
      ['latest-tag-cached'],
    );
  });
});
