/** relativePath (the core's pure `path.posix.relative`): compared with Node's own on absolute and root-relative pairs. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { relativePath } from '../../../server/src/core/kustomize/fileAccess';

const PAIRS: Array<[string, string]> = [
  ['overlays/prod', 'base/api.yaml'],
  ['overlays/prod', 'overlays/prod/kustomization.yaml'],
  ['overlays/prod', 'overlays/prod'],
  ['overlays/prod', 'overlays/production/kustomization.yaml'],
  ['overlays/prod/', 'overlays/prod/../../base/./api.yaml'],
  ['/work/app/overlays/prod', '/work/app/base/api.yaml'],
  ['/work/app', '/other/tree/file.yaml'],
  ['/', '/etc/app.yaml'],
  ['app', 'app/a/b/c/d.yaml'],
];

for (const [from, to] of PAIRS) {
  test(`from ${from} to ${to}`, () => {
    assert.equal(relativePath(from, to), path.posix.relative(from, to) || '.');
  });
}
