import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Every bundle that parses YAML: the server's, the CLI's, their worker's (built by `npm run build`) and the committed Action. */
const BUNDLES = ['out/server.js', 'out/cli.js', 'out/analysisWorker.js', 'action/dist/index.js'];

/**
 * The `yaml` package's Node build reads `process.env.LOG_TOKENS` for every
 * token it parses (and `LOG_STREAM` for every document), which cost 15–25% of a
 * `check` run; the bundles take its ES module build, which does not
 * (scripts/bundleNode.mjs). A `yaml` upgrade or a bundler change that brought the
 * lookups back fails here.
 */
describe('bundled YAML parser', () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} holds the parser without its per-token environment lookups`, () => {
      const code = readFileSync(path.join(REPO_ROOT, bundle), 'utf8');
      assert.match(code, /YAMLParseError/, 'the bundle holds the yaml package');
      assert.doesNotMatch(code, /env\.LOG_(TOKENS|STREAM)/);
    });
  }
});
