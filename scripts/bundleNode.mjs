// One esbuild configuration for the self-contained Node programs that ship outside
// the extension (the npm CLI package, the GitHub Action): minified, no source maps,
// and byte-for-byte reproducible, because the action's bundle is committed and
// compared with a fresh build.
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Every bundle (these and esbuild.mjs's) takes the `yaml` package's ES module build
 * instead of its Node one: the Node build's parser reads `process.env.LOG_TOKENS`
 * for every token, a call into the C++ environment that cost 15–25% of a `check`
 * run (more on worker threads, where it is slower still). Both builds come from
 * the same source and parse alike; the ES one logs warnings with `console.warn`.
 */
export const YAML_WITHOUT_ENVIRONMENT_LOOKUPS = { yaml: resolve(import.meta.dirname, '../node_modules/yaml/browser/index.js') };

/** Bundles `entry` and everything it imports into one CommonJS file runnable by `node`. */
export async function bundleNodeProgram(entry, outfile, { shebang = false } = {}) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    alias: YAML_WITHOUT_ENVIRONMENT_LOOKUPS,
    banner: shebang ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
