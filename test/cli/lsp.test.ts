import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startLanguageServerProcess } from '../../bench/languageServerProcess';
import { REPO_ROOT } from './helpers';

describe('kube-image-lens lsp --stdio', () => {
  it('serves LSP on stdio: initialize, hover, shutdown, exit 0', async () => {
    const server = await startLanguageServerProcess(pathToFileURL(REPO_ROOT).href, [path.join(REPO_ROOT, 'out/cli.js'), 'lsp', '--stdio']);
    try {
      assert.ok(server.initializeResult.capabilities.hoverProvider);
      const uri = pathToFileURL(path.join(REPO_ROOT, 'examples/deployment-latest.yaml')).href;
      const text = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: c', '      image: nginx:latest', ''].join('\n');
      const diagnostics = server.diagnosticsFor(uri);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await diagnostics;
      const hover = await server.connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 16 } });
      assert.match(JSON.stringify(hover?.contents), /Always/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
