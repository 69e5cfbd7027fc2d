import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupImages, viewMessage } from '../../../client/src/imagesTree';
import type { WorkspaceImage, WorkspaceImagesResult } from '../../../server/src/lsp/protocol';

describe('Images view message', () => {
  test('names the paths that could not be read, three at most, then counts the rest', () => {
    const failed = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ uri: `file:///w/${name}`, message: `cannot read directory '${name}': permission denied` }));
    assert.equal(viewMessage(2, failed.slice(0, 1)), "Not read: cannot read directory 'a': permission denied");
    assert.equal(
      viewMessage(2, failed),
      "Not read: cannot read directory 'a': permission denied; cannot read directory 'b': permission denied; cannot read directory 'c': permission denied (and 2 more)",
    );
  });

  test('an empty workspace says so; a listed one needs no message', () => {
    assert.equal(viewMessage(0, []), 'No container images found in this workspace.');
    assert.equal(viewMessage(3, []), undefined);
  });
});

describe('Images view grouping', () => {
  const image = (name: string, kind: string, unit: string | null, environment: string | null): WorkspaceImage => ({
    unit,
    environment,
    image: name,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    resource: { apiVersion: 'apps/v1', kind, name: 'web', namespace: null },
    container: 'app',
    effectivePolicy: 'IfNotPresent',
    defaulted: true,
    pinned: false,
    findingCount: 0,
  });
  const chart = 'file:///w/chart';
  const result: WorkspaceImagesResult = {
    files: [
      { uri: `${chart}/values-prod.yaml`, profile: 'prod', images: [image('web:2', 'Deployment', chart, 'prod')] },
      { uri: `${chart}/values.yaml`, profile: 'staging', images: [image('web:1', 'Deployment', chart, 'default'), image('job:1', 'Job', chart, 'default'), image('web:1', 'Deployment', chart, 'dev')] },
      { uri: 'file:///w/plain.yaml', profile: 'staging', images: [image('nginx:1', 'Pod', null, null), image('gone:1', 'Pod', 'file:///w/unlisted', 'x')] },
    ],
    failed: [],
    units: [{ uri: chart, kind: 'helm', environments: ['default', 'dev', 'prod'].map((name) => ({ name, profile: name === 'prod' ? 'prod' : 'staging' })) }],
  };

  test("a unit's images go under the unit, then its environments in the unit's order, then the resource; each keeps the file where it is fixed", () => {
    const { units } = groupImages(result);
    assert.deepEqual(
      units.map((unit) => [unit.uri, unit.environments.map((environment) => [environment.name, environment.profile, environment.resources.map((resource) => [resource.label, resource.images.map((listed) => `${listed.image.image} in ${listed.uri}`)])])]),
      [
        [
          chart,
          [
            ['default', 'staging', [['Deployment/web', [`web:1 in ${chart}/values.yaml`]], ['Job/web', [`job:1 in ${chart}/values.yaml`]]]],
            ['dev', 'staging', [['Deployment/web', [`web:1 in ${chart}/values.yaml`]]]],
            ['prod', 'prod', [['Deployment/web', [`web:2 in ${chart}/values-prod.yaml`]]]],
          ],
        ],
      ],
    );
  });

  test('plain manifests stay under their file; an image naming a unit the server did not list stays there too', () => {
    const { files } = groupImages(result);
    assert.deepEqual(
      files.map((file) => [file.uri, file.resources.flatMap((resource) => resource.images.map((listed) => listed.image.image))]),
      [['file:///w/plain.yaml', ['nginx:1', 'gone:1']]],
    );
  });
});
