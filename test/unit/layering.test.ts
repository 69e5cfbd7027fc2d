import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The layering of ARCHITECTURE.md is enforced by lint rules; these cases prove the
// rules fire (a rule that never fires would let the layers drift silently).
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: path.join(root, file) });
  return result?.messages.filter((message) => message.ruleId === 'no-restricted-imports').length ?? -1;
}

const forbidden: Array<[string, string]> = [
  ['server/src/core/example.ts', "import { x } from 'node:fs';"],
  ['server/src/core/sub/example.ts', "import { x } from 'vscode-languageserver';"],
  ['server/src/core/example.ts', "import { x } from '../registry';"],
  ['server/src/core/example.ts', "import { x } from '../workspace/files';"],
  ['server/src/registry/example.ts', "import { x } from '../lsp/server';"],
  ['server/src/registry/example.ts', "import { x } from 'vscode-languageserver';"],
  ['server/src/lsp/features/example.ts', "import { x } from '../../cli/analyzeFiles';"],
  ['server/src/cli/commands/example.ts', "import { x } from '../../lsp/server';"],
  ['server/src/workspace/example.ts', "import { x } from '../lsp/settingsProvider';"],
];
const allowed: Array<[string, string]> = [
  ['server/src/core/example.ts', "import { x } from 'yaml';"],
  ['server/src/core/sub/example.ts', "import { x } from '../model';"],
  ['server/src/lsp/example.ts', "import { x } from '../registry';"],
  ['server/src/cli/commands/lsp.ts', "import { x } from '../../lsp/server';"],
  ['server/src/lsp/example.ts', "import { x } from '../workspace/files';"],
];

for (const [file, source] of forbidden) {
  test(`lint refuses in ${file}: ${source}`, async () => {
    assert.equal(await restrictedImports(file, source), 1);
  });
}
for (const [file, source] of allowed) {
  test(`lint allows in ${file}: ${source}`, async () => {
    assert.equal(await restrictedImports(file, source), 0);
  });
}
