/**
 * The YAML companion: a test-only extension (fixtures/yaml-companion) that
 * runs Red Hat's real yaml-language-server (a dev dependency) like
 * redhat.vscode-yaml does. The marketplace is unreachable here, so it stands
 * in for that extension in the co-existence scenarios.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { E2E_DIR, REPO_ROOT } from './paths';

const execFileAsync = promisify(execFile);

export const YAML_COMPANION_DIR = join(E2E_DIR, 'fixtures', 'yaml-companion');

/**
 * Offline stand-in for `yaml.schemas: { kubernetes: "*.yaml" }`: that keyword
 * makes yaml-language-server download yannh/kubernetes-json-schema from GitHub.
 */
export const KUBERNETES_SUBSET_SCHEMA = join(E2E_DIR, 'fixtures', 'schemas', 'kubernetes-subset.schema.json');

/** Packages the companion into `outDir` with `vsce package --no-dependencies` and returns the .vsix path. */
export async function packageYamlCompanion(outDir: string): Promise<string> {
  const out = join(outDir, 'yaml-companion.vsix');
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  await execFileAsync(vsce, ['package', '--no-dependencies', '--out', out], { cwd: YAML_COMPANION_DIR, timeout: 120_000 });
  return out;
}

/** User settings for the companion: where its modules are, the local schema, and no network (schema store, CRD store). */
export function yamlCompanionSettings(): Record<string, unknown> {
  return {
    'kilE2e.yamlCompanion.nodeModules': join(REPO_ROOT, 'node_modules'),
    'yaml.schemas': { [KUBERNETES_SUBSET_SCHEMA]: '*.yaml' },
    'yaml.schemaStore.enable': false,
    'yaml.kubernetesCRDStore.enable': false,
  };
}
