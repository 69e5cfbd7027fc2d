import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_CONFIG_SCHEMA } from '../../../../server/src/core/config/checkProjectConfig';
import type { JsonSchema } from '../../../../server/src/core/config/jsonSchema';
import { resolveRef } from '../../../../server/src/core/config/jsonSchema';
import { PROFILES } from '../../../../server/src/core/model';
import { projectFileSettings } from '../../../../server/src/core/projectConfig';
import { RULE_CODES } from '../../../../server/src/core/rules';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { yamlValidation: Array<{ fileMatch: string[]; url: string }>; configuration: Array<{ properties: Record<string, { properties?: object }> }> };
};

/**
 * Every key path the settings reader looks at, found by letting it read an
 * object that records each property access. One pass hands out another
 * recording object as each value (so nested reads, e.g. of a future
 * `helm.valuesFiles`, are seen); a second pass answers every key with
 * `undefined`, so fallbacks (`severity ?? severities`) are read too.
 */
function keysReadBy(read: (raw: unknown) => unknown): string[] {
  const paths = new Set<string>();
  const recorder = (prefix: string, nested: boolean): object =>
    new Proxy(
      {},
      {
        get(_target, property) {
          if (typeof property !== 'string') {
            return undefined;
          }
          const keyPath = prefix === '' ? property : `${prefix}.${property}`;
          paths.add(keyPath);
          return nested ? recorder(keyPath, true) : undefined;
        },
      },
    );
  read(recorder('', true));
  read(recorder('', false));
  return [...paths].sort();
}

function schemaHas(keyPath: string): boolean {
  let schema: JsonSchema = PROJECT_CONFIG_SCHEMA;
  for (const key of keyPath.split('.')) {
    const resolved = resolveRef(PROJECT_CONFIG_SCHEMA, schema);
    const branches = resolved.anyOf?.map((branch) => resolveRef(PROJECT_CONFIG_SCHEMA, branch)) ?? [resolved];
    const next = branches.map((branch) => branch.properties?.[key]).find((found) => found !== undefined);
    if (next === undefined) {
      return false;
    }
    schema = next;
  }
  return true;
}

describe('schemas/kube-image-lens.schema.json', () => {
  it('declares every settings key the code reads', () => {
    const read = keysReadBy((raw) => projectFileSettings(raw));
    assert.ok(['defaultProfile', 'severity', 'severities', 'exclude'].every((key) => read.includes(key)), `the recorder sees the reads: ${read.join(', ')}`);
    assert.deepEqual(
      read.filter((keyPath) => !schemaHas(keyPath)),
      [],
      'keys read by server/src/core/projectConfig.ts but missing from schemas/kube-image-lens.schema.json',
    );
  });

  it('lists exactly the rule codes and profiles of the code, like the VS Code setting', () => {
    const severities = resolveRef(PROJECT_CONFIG_SCHEMA, PROJECT_CONFIG_SCHEMA.properties?.severity ?? {});
    assert.deepEqual(Object.keys(severities.properties ?? {}), RULE_CODES);
    assert.equal(severities.additionalProperties, false);
    const editorSetting = manifest.contributes.configuration[0]?.properties['kubeImageLens.severity'];
    assert.deepEqual(Object.keys(editorSetting?.properties ?? {}), RULE_CODES);
    const profile = resolveRef(PROJECT_CONFIG_SCHEMA, PROJECT_CONFIG_SCHEMA.properties?.defaultProfile ?? {});
    assert.deepEqual(profile.enum, PROFILES);
  });

  it('is contributed to the YAML extension for the settings file', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [
      { fileMatch: ['.kube-image-lens.yaml', '.kube-image-lens.yml'], url: './schemas/kube-image-lens.schema.json' },
    ]);
    const vscodeignore = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
    assert.match(vscodeignore, /^!schemas\/kube-image-lens\.schema\.json$/m, 'the schema ships in the .vsix');
  });
});
