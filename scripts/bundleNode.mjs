// One esbuild configuration for the self-contained Node programs that ship outside
// the extension (the npm CLI package, the GitHub Action): minified, no source maps,
// and byte-for-byte reproducible, because the action's bundle is committed and
// compared with a fresh build.
import * as esbuild from 'esbuild';

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
    banner: shebang ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
