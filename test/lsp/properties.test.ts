/**
 * Randomised session against one real server process: a few hundred random
 * documents and random incremental edits (valid and out of range), with hover,
 * code action and completion requests at random positions in between. The
 * server must answer every request, publish diagnostics for the final version
 * that lie inside the final text, and never exit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient } from './harness/lspClient';
import { deployment, fileUri } from './harness/text';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const FRAGMENTS = [
  'image: ',
  'imagePullPolicy: ',
  'Always',
  'IfNotPresent',
  'always',
  'containers:\n',
  '  - ',
  '- ',
  '---\n',
  '...\n',
  '\n',
  '\r\n',
  '\t',
  '    ',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ', ',
  ': ',
  '# ',
  '# kube-image-lens: profile=prod\n',
  '# kube-image-lens-disable-next-line latest-tag-cached -- x\n',
  '{{ .Values.image }}',
  '{{',
  '}}',
  '&a ',
  '*a',
  '<<: *a',
  'nginx',
  'nginx:latest',
  ':1.25',
  `@${DIGEST}`,
  'é😀',
  '\u0000',
  'apiVersion: v1\nkind: Pod\nspec:\n',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));
const manifestText = fc
  .tuple(fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.25', `nginx@${DIGEST}`, 'Bad Image'), fc.constantFrom(null, 'Always', 'IfNotPresent', 'always', '""'), fc.nat({ max: 3 }))
  .map(([image, policy, copies]) => Array.from({ length: copies + 1 }, (_, i) => deployment(image, policy, `d${i}`)).join('---\n'));
const documentText = fc.oneof(manifestText, fragmentText, fc.string({ maxLength: 200 }));

const position = fc.record({ line: fc.nat({ max: 60 }), character: fc.nat({ max: 120 }) });
const range = fc.tuple(position, position).map(([a, b]): Range => (a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a }));
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ range, text: fc.oneof(fc.constantFrom(...FRAGMENTS), fragmentText) }) },
  { weight: 1, arbitrary: fc.record({ text: documentText }) },
);
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), changes: fc.array(change, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hover' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('actions' as const), at: range, fixAll: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('completion' as const), at: position }) },
);
const session = fc.record({ text: documentText, steps: fc.array(step, { maxLength: 8 }), waitForDiagnostics: fc.nat({ max: 2 }).map((n) => n === 0) });

let client: LspClient;

before(async () => {
  client = LspClient.start();
  await client.initialize();
});

after(async () => {
  assert.ok(client.alive, `the server exited: ${JSON.stringify(client.exitInfo)}\n${client.stderr}`);
  const unexpected = client.logMessages.filter((m) => /Unexpected error|Unhandled rejection|failed:/.test(m.message));
  assert.deepEqual(
    unexpected.map((m) => m.message.slice(0, 500)),
    [],
  );
  await client.dispose();
});

function inside(text: string, p: Position): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  return p.line < lines.length && p.character <= (lines[p.line] as string).length;
}

function assertDiagnosticsInside(text: string, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    assert.ok(inside(text, d.range.start) && inside(text, d.range.end), `diagnostic ${d.code} ${JSON.stringify(d.range)} outside the text ${JSON.stringify(text)}`);
  }
}

describe('random sessions against one server process', () => {
  test('a few hundred random documents and edits: every request answered, the server never exits', { timeout: 240_000 }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(session, async ({ text, steps, waitForDiagnostics }) => {
        runs++;
        const uri = fileUri(runs % 3 === 0 ? 'values-prod.yaml' : 'deploy.yaml');
        await client.open(uri, text, runs % 5 === 0 ? 'helm' : 'yaml');
        let version = 1;
        for (const s of steps) {
          switch (s.kind) {
            case 'edit':
              version++;
              await client.change(uri, version, s.changes);
              break;
            case 'hover':
              await client.hover(uri, s.at);
              break;
            case 'actions':
              await client.codeActions(uri, s.at, s.fixAll ? ['source.fixAll.kube-image-lens'] : undefined);
              break;
            case 'completion':
              await client.completion(uri, s.at);
              break;
          }
        }
        if (waitForDiagnostics) {
          // The final version is published, and its ranges fit the final text.
          const published = await client.waitForCurrentDiagnostics(uri);
          assert.equal(published.version, version);
          assertDiagnosticsInside(client.text(uri), published.diagnostics);
        }
        await client.close(uri);
        assert.ok(client.alive);
      }),
      { numRuns: 300, endOnFailure: true },
    );
    assert.equal(runs, 300);
    // Still answering normally after all of it.
    const text = deployment('nginx:1.25', 'IfNotPresent');
    const uri = fileUri('final.yaml');
    await client.open(uri, text);
    await client.waitForCurrentDiagnostics(uri);
    assert.match(JSON.stringify(await client.hover(uri, { line: 9, character: 20 })), /IfNotPresent/);
  });
});
