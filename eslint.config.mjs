import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', '*.vsix', 'test/e2e/.work/**', 'action/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // The layering ARCHITECTURE.md promises, enforced: dependencies point down only.
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'http', 'https', 'tls', 'child_process', 'worker_threads', 'zlib', 'crypto', 'undici'], message: 'core/ is pure: no Node, file system or network modules.' },
            { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-uri'], message: 'core/ knows nothing of LSP or VS Code.' },
            { group: ['**/registry', '**/registry/**', '**/imageCheck/**', '**/lsp/**', '**/cli/**', '**/workspace/**'], message: 'core/ imports no adapter, registry or workspace module.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/registry/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'registry/ is editor-independent.' },
            { group: ['**/lsp/**', '**/cli/**', '**/workspace/**', '**/imageCheck/**'], message: 'registry/ imports no adapter.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/lsp/**/*.ts', 'server/src/workspace/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+cli(/|$)', message: 'The language server and the workspace layer never import the CLI.' }] }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    // `kube-image-lens lsp` starts the language server: the one import from cli/ into lsp/.
    ignores: ['server/src/cli/commands/lsp.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+lsp(/|$)', message: 'The CLI never imports the language server (except the `lsp` command that starts it).' }] },
      ],
    },
  },
  {
    files: ['server/src/workspace/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(cli|lsp)(/|$)', message: 'workspace/ serves both adapters and depends on neither.' },
            { group: ['vscode-languageserver*'], message: 'workspace/ knows nothing of LSP.' },
          ],
        },
      ],
    },
  },
);
