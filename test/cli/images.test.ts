import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

const project = makeProject({
  'app.yaml': [deployment('web', 'nginx:latest', 'IfNotPresent'), deployment('api', 'ghcr.io/acme/api:1.4', null)].join('---\n'),
});
after(project.cleanup);

describe('images --format json', () => {
  const run = runCli(['images', '--format', 'json', 'app.yaml'], { cwd: project.dir });
  const output = JSON.parse(run.stdout) as { version: number; images: Array<Record<string, unknown>> };

  it('is {"version":1,"images":[…]} and exits 0', () => {
    assert.equal(run.code, 0);
    assert.deepEqual(Object.keys(output), ['version', 'images', 'errors', 'warnings']);
    assert.equal(output.version, 1);
    assert.equal(output.images.length, 2);
  });

  it('has exactly the documented fields, without internal ones', () => {
    for (const image of output.images) {
      assert.deepEqual(Object.keys(image), ['file', 'profile', 'range', 'resource', 'container', 'containerPath', 'image', 'source', 'environment', 'unresolved', 'origin', 'editTargets', 'reference', 'pullPolicy']);
      assert.deepEqual(Object.keys(image.resource as object), ['apiVersion', 'kind', 'name', 'namespace']);
      assert.deepEqual(Object.keys(image.reference as object), ['valid', 'error', 'domain', 'path', 'tag', 'digest', 'normalized', 'familiar']);
      assert.deepEqual(Object.keys(image.pullPolicy as object), ['explicit', 'effective', 'defaulted', 'explanation']);
    }
  });

  it('names where each image comes from and where an edit goes, in this file for plain manifests', () => {
    const [web] = output.images as [Record<string, unknown>];
    const range = { start: { line: 9, character: 17 }, end: { line: 9, character: 29 } };
    assert.deepEqual(
      { environment: web.environment, unresolved: web.unresolved, origin: web.origin, editTargets: web.editTargets },
      { environment: null, unresolved: null, origin: { file: 'app.yaml', range, image: null }, editTargets: [{ file: 'app.yaml', range, kind: 'image' }] },
    );
  });

  it('describes each occurrence', () => {
    const [web, api] = output.images as [Record<string, unknown>, Record<string, unknown>];
    assert.deepEqual(
      { file: web.file, range: web.range, container: web.container, containerPath: web.containerPath, image: web.image, source: web.source },
      {
        file: 'app.yaml',
        range: { start: { line: 9, character: 17 }, end: { line: 9, character: 29 } },
        container: 'web',
        containerPath: 'spec.template.spec.containers[0]',
        image: 'nginx:latest',
        source: 'manifest',
      },
    );
    assert.deepEqual(web.resource, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: null });
    assert.deepEqual(web.reference, {
      valid: true,
      error: null,
      domain: 'docker.io',
      path: 'library/nginx',
      tag: 'latest',
      digest: null,
      normalized: 'docker.io/library/nginx:latest',
      familiar: 'nginx:latest',
    });
    assert.deepEqual({ ...(web.pullPolicy as object), explanation: undefined }, { explicit: 'IfNotPresent', effective: 'IfNotPresent', defaulted: false, explanation: undefined });
    // The second document starts after the first's 11 lines and `---`, so its image is on line 21 (0-based).
    assert.equal((api.range as { start: { line: number } }).start.line, 21);
    assert.deepEqual({ ...(api.pullPolicy as object), explanation: undefined }, { explicit: null, effective: 'IfNotPresent', defaulted: true, explanation: undefined });
  });
});

describe('images --format text', () => {
  it('lists each image under its file with position, workload, container, image and policy', () => {
    const run = runCli(['images', 'app.yaml'], { cwd: project.dir });
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        'app.yaml  profile staging: the default profile: no comment, pattern or path word decides',
        '  10:18  Deployment/web  web  nginx:latest          IfNotPresent (explicit)',
        '  22:18  Deployment/api  api  ghcr.io/acme/api:1.4  IfNotPresent (default)',
        '',
        '2 images in 1 file',
        '',
      ].join('\n'),
    );
  });
});
