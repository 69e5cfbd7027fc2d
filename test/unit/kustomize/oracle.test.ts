import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildKustomization } from '../../../server/src/core/kustomize/build';
import { KUSTOMIZATION_FILE_NAMES } from '../../../server/src/core/kustomize/kustomizationFile';
import { oracleSkipReason, oracles } from '../../oracles/oracles';
import { differences, kubectlKustomize, ourContainers } from './kubectlOracle';
import { nodeFileAccess } from './nodeFileAccess';

const FIXTURES = path.resolve(__dirname, '../../fixtures/kustomize');

/** Every overlay folder of the fixture trees (`<tree>/overlays/<env>`). */
function overlays(): string[] {
  const found: string[] = [];
  for (const tree of readdirSync(FIXTURES)) {
    const dir = path.join(FIXTURES, tree, 'overlays');
    if (statSync(path.join(FIXTURES, tree)).isDirectory() && readdirSync(path.join(FIXTURES, tree)).includes('overlays')) {
      for (const overlay of readdirSync(dir)) {
        if (readdirSync(path.join(dir, overlay)).some((name) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name))) {
          found.push(path.join(dir, overlay));
        }
      }
    }
  }
  return found;
}

test('at least 10 fixture trees with overlays', () => {
  const trees = new Set(overlays().map((overlay) => path.relative(FIXTURES, overlay).split(path.sep)[0]));
  assert.ok(trees.size >= 10, `only ${trees.size} trees`);
});

for (const overlay of overlays()) {
  const name = path.relative(FIXTURES, overlay);
  test(`${name}: every container's image and effective policy equal kubectl kustomize`, { skip: oracleSkipReason() }, () => {
    const expected = kubectlKustomize(oracles().kubectl, overlay);
    assert.ok(expected.ok, `kubectl failed: ${expected.ok ? '' : expected.error}`);
    const build = buildKustomization(nodeFileAccess, overlay);
    assert.deepEqual(
      build.problems.filter((problem) => problem.affectsImages),
      [],
    );
    assert.ok(expected.containers.size > 0);
    assert.deepEqual(differences(expected.containers, ourContainers(build)), []);
  });
}
