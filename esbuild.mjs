// Bundles the three entry points. The server and CLI bundles deliberately do not
// mark `vscode` as external: an accidental `import 'vscode'` in server code must
// fail the build, because the server also runs outside VS Code.
import * as esbuild from 'esbuild';
import { YAML_WITHOUT_ENVIRONMENT_LOOKUPS } from './scripts/bundleNode.mjs';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  alias: YAML_WITHOUT_ENVIRONMENT_LOOKUPS,
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'out/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'out/server.js' }),
  // The analysis worker threads of the CLI and the server load this file from next to out/cli.js and out/server.js.
  esbuild.build({ ...common, entryPoints: ['server/src/workspace/analysisWorker.ts'], outfile: 'out/analysisWorker.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
