/**
 * Problems in `.kube-image-lens.yaml` itself, over the wire: unknown settings
 * and rule codes warn, wrong values are errors naming the path, and a
 * misspelled code has a quick fix that makes the warning go away.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { applyEdits, editsFor, isCodeAction } from './harness/lspClient';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, rangeOf } from './harness/text';

const server = useSharedServer();

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => [d.severity, d.code, d.source, d.message]);

async function openConfig(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(name);
  await server().open(uri, text);
  return { uri, diagnostics: (await server().waitForCurrentDiagnostics(uri)).diagnostics };
}

describe('diagnostics on the settings file', () => {
  test('unknown keys and codes are warnings; wrong types are errors naming the path', async () => {
    const text = 'defaultProfil: prod\nseverity:\n  mutable-tags: off\n  latest-tag-cached: loud\nalwaysPullImagesAdmission: "yes"\n';
    const { diagnostics } = await openConfig('.kube-image-lens.yaml', text);
    assert.deepEqual(summary(diagnostics), [
      [DiagnosticSeverity.Warning, 'unknown-setting', 'kube-image-lens', 'unknown setting "defaultProfil"; it is ignored (did you mean "defaultProfile"?)'],
      [DiagnosticSeverity.Warning, 'unknown-rule-code', 'kube-image-lens', 'unknown diagnostic code "mutable-tags" in severity (did you mean "mutable-tag"?)'],
      [DiagnosticSeverity.Error, 'invalid-setting', 'kube-image-lens', 'severity.latest-tag-cached must be one of error, warning, info, hint, off, not "loud"'],
      [DiagnosticSeverity.Error, 'invalid-setting', 'kube-image-lens', 'alwaysPullImagesAdmission must be true or false'],
    ]);
    assert.deepEqual(diagnostics[1]?.range, rangeOf(text, 'mutable-tags'));
    assert.deepEqual(diagnostics[2]?.range, rangeOf(text, 'loud'));
  });

  test('a valid settings file has no diagnostics; manifests are not checked as settings', async () => {
    assert.deepEqual((await openConfig('.kube-image-lens.yaml', 'defaultProfile: prod\nseverity: { mutable-tag: off }\n')).diagnostics, []);
    const manifest = await openConfig('settings.yaml', `defaultProfil: prod\n---\n${deployment('nginx:1.27.1', 'IfNotPresent')}`);
    assert.deepEqual(manifest.diagnostics, []);
  });

  test('a .yml settings file is pointed out: only .kube-image-lens.yaml is read', async () => {
    const { diagnostics } = await openConfig('.kube-image-lens.yml', 'defaultProfile: prod\n');
    assert.deepEqual(summary(diagnostics).map(([severity, code]) => [severity, code]), [[DiagnosticSeverity.Warning, 'unknown-setting']]);
    assert.match(diagnostics[0]?.message ?? '', /reads \.kube-image-lens\.yaml/);
  });

  test('the quick fix corrects a misspelled code (keeping quotes) and the warning goes away after the edit', async () => {
    const text = 'severity:\n  "latest-tag-cahced": error\n  mutable-tag: off\n';
    const { uri, diagnostics } = await openConfig('.kube-image-lens.yaml', text);
    assert.deepEqual(summary(diagnostics).map(([severity, code]) => [severity, code]), [[DiagnosticSeverity.Warning, 'unknown-rule-code']]);
    const actions = (await server().codeActions(uri, rangeOf(text, 'latest-tag-cahced'))).filter(isCodeAction);
    assert.deepEqual(actions.map((action) => [action.title, action.kind, action.isPreferred]), [["Change to 'latest-tag-cached'", 'quickfix', true]]);
    const edits = editsFor(actions[0]?.edit, uri);
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, 'severity:\n  "latest-tag-cached": error\n  mutable-tag: off\n');
    await server().change(uri, 2, edits.map((edit) => ({ range: edit.range, text: edit.newText })));
    assert.deepEqual((await server().waitForCurrentDiagnostics(uri)).diagnostics, []);
  });

  test('a file the YAML parser rejects gets one error, and the server keeps serving', async () => {
    const { uri, diagnostics } = await openConfig('.kube-image-lens.yaml', 'severity: [\n');
    assert.deepEqual(summary(diagnostics).map(([severity, code]) => [severity, code]), [[DiagnosticSeverity.Error, 'yaml-syntax']]);
    assert.deepEqual((await server().codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } })).length, 0);
  });
});
