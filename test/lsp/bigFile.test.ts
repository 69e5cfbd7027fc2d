/**
 * A file big enough (≥ 100 KB) for the server to publish its top first, to
 * collect garbage as it goes and to keep its documents split across edits:
 * what it publishes is exactly the full analysis of the text at that version.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, positionAt } from './harness/text';

const server = useSharedServer();

/** What a full analysis of `text` finds, in the shape diagnostics carry. */
function expected(text: string): Array<{ code: unknown; range: Diagnostic['range']; message: string }> {
  return analyzeText(text, { path: 'big.yaml', settings: DEFAULT_SETTINGS }).findings.map((finding) => ({
    code: finding.code,
    range: finding.range,
    message: finding.message,
  }));
}

const shape = (diagnostics: Diagnostic[]) => diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message }));

describe('a big file', () => {
  test('opening publishes the top first, then the whole, each exactly what a full analysis finds', async () => {
    const uri = fileUri('big.yaml');
    const documents = Array.from({ length: 800 }, (_, i) => deployment(i % 4 === 0 ? `app${i}:latest` : `app${i}:1.${i}`, i % 2 ? 'IfNotPresent' : 'Always', `d${i}`));
    const text = documents.join('---\n');
    assert.ok(text.length >= 100_000, `${text.length} characters`);
    const full = expected(text);
    await server().open(uri, text);
    const last = await server().waitForDiagnostics(uri, (diagnostics, params) => params.version === 1 && diagnostics.length === full.length);
    assert.deepEqual(shape(last.diagnostics), full);
    for (const publish of server().publishes.get(uri) ?? []) {
      // An early publish holds the findings of the first documents, as the full analysis has them.
      assert.deepEqual(shape(publish.diagnostics), full.slice(0, publish.diagnostics.length));
    }

    // A one-line edit in the middle, then one adding lines above it: each publish equals a fresh analysis.
    let version = 1;
    for (const [needle, replacement] of [
      ['app400:latest', 'app400:2.0'],
      ['name: d10\n', 'name: d10\n  labels:\n    moved: "yes"\n'],
    ] as const) {
      const current = server().text(uri);
      const at = current.indexOf(needle);
      version++;
      await server().change(uri, version, [{ range: { start: positionAt(current, at), end: positionAt(current, at + needle.length) }, text: replacement }]);
      const published = await server().waitForCurrentDiagnostics(uri);
      assert.deepEqual(shape(published.diagnostics), expected(server().text(uri)));
    }
  });
});
