// `npm run build:action [-- --out FILE]`: bundles the GitHub Action's entry into the
// committed action/dist/index.js (the runner uses the repository as checked out,
// without a build). test/action checks that the committed file is current.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleNodeProgram } from './bundleNode.mjs';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(root, 'action/dist/index.js') } } });
await bundleNodeProgram(resolve(root, 'server/src/action/main.ts'), resolve(values.out));
