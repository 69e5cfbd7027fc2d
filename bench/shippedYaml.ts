import * as path from 'node:path';
import type * as Yaml from 'yaml';

/**
 * The `yaml` package as the product's bundles ship it: its ES module build
 * (scripts/bundleNode.mjs), whose parser does not look up the environment for
 * every token as its Node build does. Baselines parse with it, so "against a
 * bare parse" means against the fastest parse the product itself could do.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- tsx loads this ES module build for require; it ships no types of its own.
export const shippedYaml = require(path.resolve(__dirname, '../node_modules/yaml/browser/dist/index.js')) as typeof Yaml;
