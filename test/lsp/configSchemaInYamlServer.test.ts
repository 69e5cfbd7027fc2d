/**
 * The schema as the YAML extension uses it: Red Hat's real yaml-language-server
 * (a dev dependency) gets the `yamlValidation` contribution from package.json
 * the way vscode-yaml sends it (`json/schemaAssociations`, each fileMatch
 * prefixed with `/`, the url made absolute; redhat-developer/vscode-yaml
 * src/extension.ts, getSchemaAssociations), then validates and completes a
 * `.kube-image-lens.yaml`. No network: schema store and CRD store are off.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CompletionItem, CompletionList, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { RULE_CODES } from '../../server/src/core/rules';
import { REPO_ROOT } from './harness/lspClient';

const YAML_SERVER = path.join(REPO_ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: Array<{ fileMatch: string[]; url: string }> } };

function schemaAssociations() {
  return manifest.contributes.yamlValidation.map(({ fileMatch, url }) => ({
    uri: url.startsWith('./') ? pathToFileURL(path.join(REPO_ROOT, url)).href : url,
    fileMatch: fileMatch.map((pattern) => (/^(\w+:\/\/|\/|!|%)/.test(pattern) ? pattern : `/${pattern}`)),
  }));
}

const YAML_SETTINGS = { validate: true, completion: true, hover: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } };

describe('schemas/kube-image-lens.schema.json in yaml-language-server', () => {
  let connection: MessageConnection;
  let stop: () => void;
  const published = new Map<string, Diagnostic[]>();
  let version = 0;

  before(async () => {
    const child = spawn(process.execPath, [YAML_SERVER, '--stdio'], { stdio: 'pipe' });
    stop = () => child.kill();
    connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => (item.section === 'yaml' ? YAML_SETTINGS : null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => published.set(params.uri, params.diagnostics));
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('json/schemaAssociations', schemaAssociations());
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  });
  after(() => {
    connection.dispose();
    stop();
  });

  async function open(name: string, text: string): Promise<string> {
    const uri = pathToFileURL(path.join('/kil-schema-test', String(++version), name)).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  async function diagnosticsOf(uri: string, settled: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const diagnostics = published.get(uri);
      if (diagnostics && settled(diagnostics)) {
        return diagnostics;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`no settled diagnostics for ${uri}: ${JSON.stringify(published.get(uri))}`);
  }

  it('flags a wrong value and an unknown rule code in .kube-image-lens.yaml and .yml', async () => {
    for (const name of ['.kube-image-lens.yaml', '.kube-image-lens.yml']) {
      const uri = await open(name, 'defaultProfile: production\nseverity:\n  mutable-tags: off\n');
      const diagnostics = await diagnosticsOf(uri, (found) => found.length >= 2);
      const lines = diagnostics.map((diagnostic) => diagnostic.range.start.line).sort();
      assert.deepEqual(lines, [0, 2], JSON.stringify(diagnostics));
    }
  });

  it('accepts a valid file and leaves other YAML files alone', async () => {
    const valid = await open('.kube-image-lens.yaml', 'defaultProfile: prod\nprofiles:\n  - { pattern: "prod/**", profile: prod }\nseverity: { mutable-tag: off }\nmutableTagPatterns: [main]\n');
    assert.deepEqual(await diagnosticsOf(valid, () => true), []);
    const other = await open('values.yaml', 'defaultProfile: production\n');
    assert.deepEqual(await diagnosticsOf(other, () => true), []);
  });

  it('completes the rule codes under severity', async () => {
    const uri = await open('.kube-image-lens.yaml', 'severity:\n  \n');
    const result = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } })) as CompletionList | CompletionItem[] | null;
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
    assert.deepEqual(RULE_CODES.filter((code) => !labels.includes(code)), [], `offered: ${labels.join(', ')}`);
  });
});
