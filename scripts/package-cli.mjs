// `npm run package:cli [-- --out DIR]`: the CLI as an npm package. Stages
// packages/cli/package.json (version taken from the root manifest, so there is one
// version), the bundled CLI, README, LICENSE and CHANGELOG in out/cli-package/, then
// runs `npm pack` there. Prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleNodeProgram } from './bundleNode.mjs';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'out') } } });
const outDir = resolve(values.out);
const stage = join(outDir, 'cli-package');

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });

const manifest = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ name: manifest.name, version, ...manifest }, null, 2)}\n`);
for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
  copyFileSync(join(root, file), join(stage, file));
}
await bundleNodeProgram(join(root, 'server/src/cli/main.ts'), join(stage, 'dist/cli.js'), { shebang: true });
// The CLI's worker threads load this file from next to cli.js.
await bundleNodeProgram(join(root, 'server/src/workspace/analysisWorker.ts'), join(stage, 'dist/analysisWorker.js'));

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' }));
process.stdout.write(`${join(outDir, packed[0].filename)}\n`);
