import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildKustomization } from '../../../server/src/core/kustomize/build';
import { memoryFiles, rangeOfText } from './helpers';

const DEPLOYMENT = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  template:', '    spec:', '      containers:', '        - name: app', '          image: acme/app:1', ''].join('\n');

test('a cycle is reported on the line that closes it, and the build ends', () => {
  const a = 'resources:\n  - ../b\n';
  const b = 'resources:\n  - app.yaml\n  - ../a\n';
  const build = buildKustomization(memoryFiles({ '/t/a/kustomization.yaml': a, '/t/b/kustomization.yaml': b, '/t/b/app.yaml': DEPLOYMENT }), '/t/a');
  const cycles = build.problems.filter((problem) => problem.code === 'cycle');
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0]?.file, '/t/b/kustomization.yaml');
  assert.deepEqual(cycles[0]?.range, rangeOfText(b, '../a'));
  assert.match(cycles[0]?.message ?? '', /\/t\/a → \/t\/b → \/t\/a/);
  assert.deepEqual(build.containers.map((container) => container.image), ['acme/app:1']);
});

test('a component that lists itself is a cycle, not a stack overflow', () => {
  const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n  - .\n';
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': 'components:\n  - ../c\n', '/t/c/kustomization.yaml': component }), '/t/o');
  const dash = rangeOfText(component, '- .');
  const dot = { start: { line: dash.start.line, character: dash.start.character + 2 }, end: dash.end };
  assert.deepEqual(
    build.problems.map((problem) => [problem.code, problem.file, problem.range]),
    [['cycle', '/t/c/kustomization.yaml', dot]],
  );
});

test('missing resources, patches and bases: one problem each on the line naming them', () => {
  const text = ['resources:', '  - app.yaml', '  - gone.yaml', '  - ../nowhere', 'patches:', '  - path: patch.yaml', ''].join('\n');
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': text, '/t/o/app.yaml': DEPLOYMENT, '/t/nowhere/readme.md': 'x' }), '/t/o');
  assert.deepEqual(
    build.problems.map((problem) => [problem.code, problem.range]),
    [
      ['missing-file', rangeOfText(text, 'gone.yaml')],
      ['missing-kustomization', rangeOfText(text, '../nowhere')],
      ['missing-file', rangeOfText(text, 'patch.yaml')],
    ],
  );
  assert.ok(build.problems.every((problem) => problem.file === '/t/o/kustomization.yaml' && problem.affectsImages));
  assert.ok(build.filesRead.includes('/t/o/gone.yaml'), 'a missing file is still a dependency: creating it changes the build');
  assert.deepEqual(build.containers.map((container) => container.image), ['acme/app:1']);
});

test('a resource added twice is reported on the second entry, like kustomize refuses it', () => {
  const text = 'resources:\n  - app.yaml\n  - again.yaml\n';
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': text, '/t/o/app.yaml': DEPLOYMENT, '/t/o/again.yaml': DEPLOYMENT }), '/t/o');
  assert.deepEqual(build.problems.map((problem) => [problem.code, problem.range]), [['invalid-kustomization', rangeOfText(text, 'again.yaml')]]);
  assert.match(build.problems[0]?.message ?? '', /apps Deployment default app a second time/);
  assert.equal(build.containers.length, 1);
});

test('remote resources and components are reported as not followed', () => {
  const remotes = [
    'https://github.com/acme/deploy//base?ref=v1.2.0',
    'github.com/acme/deploy/base?ref=main',
    'git::https://example.com/acme/deploy.git//base',
    'git@github.com:acme/deploy.git',
    'https://raw.githubusercontent.com/acme/deploy/main/app.yaml',
  ];
  const text = `resources:\n${remotes.map((remote) => `  - ${remote}\n`).join('')}components:\n  - https://github.com/acme/components//debug?ref=v1\n`;
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': text }), '/t/o');
  assert.deepEqual(
    build.problems.map((problem) => [problem.code, problem.range]),
    [...remotes, 'https://github.com/acme/components//debug?ref=v1'].map((remote) => ['remote-resource', rangeOfText(text, remote)]),
  );
  assert.match(build.problems[0]?.message ?? '', /not followed/);
});

test('helmCharts are reported as not rendered unless a renderer is given', () => {
  const text = 'helmCharts:\n  - name: redis\n    repo: https://charts.example.com\n    version: 1.0.0\n';
  const files = memoryFiles({ '/t/o/kustomization.yaml': text });
  const build = buildKustomization(files, '/t/o');
  assert.equal(build.problems[0]?.code, 'helm-charts');
  assert.match(build.problems[0]?.message ?? '', /helmCharts \(redis\) need `--enable-helm`/);
  assert.equal(build.problems[0]?.range.start.line, 1);
  const rendered = buildKustomization(files, '/t/o', { renderHelmChart: () => ({ file: '/t/o/charts/redis/rendered.yaml', text: DEPLOYMENT.replace('acme/app:1', 'redis:7') }) });
  assert.deepEqual(rendered.problems, []);
  assert.deepEqual(rendered.containers.map((container) => container.image), ['redis:7']);
});

test('files outside the kustomization folder are refused like kustomize\'s load restrictor; folders are not', () => {
  const text = 'resources:\n  - ../shared/app.yaml\n  - ../base\n';
  const build = buildKustomization(
    memoryFiles({ '/t/o/kustomization.yaml': text, '/t/shared/app.yaml': DEPLOYMENT, '/t/base/kustomization.yaml': 'resources: [app.yaml]\n', '/t/base/app.yaml': DEPLOYMENT.replace('acme/app:1', 'acme/base:1') }),
    '/t/o',
  );
  assert.deepEqual(build.problems.map((problem) => [problem.code, problem.range]), [['outside-root', rangeOfText(text, '../shared/app.yaml')]]);
  assert.deepEqual(build.containers.map((container) => container.image), ['acme/base:1']);
});

test('no kustomization, a Component built alone, invalid YAML: problems, never exceptions', () => {
  assert.equal(buildKustomization(memoryFiles({ '/t/o/app.yaml': DEPLOYMENT }), '/t/o').problems[0]?.code, 'missing-kustomization');
  const component = buildKustomization(memoryFiles({ '/t/c/kustomization.yaml': 'kind: Component\n' }), '/t/c');
  assert.match(component.problems[0]?.message ?? '', /does not build alone/);
  const broken = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': 'resources: [app.yaml\nimages: {', '/t/o/app.yaml': 'a: [\n' }), '/t/o');
  assert.ok(broken.problems.some((problem) => problem.code === 'invalid-kustomization'));
});

test('generators are noted without claiming they change images', () => {
  const text = 'resources: [app.yaml]\nconfigMapGenerator:\n  - name: settings\n    files: [app.properties]\nvars: []\n';
  const build = buildKustomization(memoryFiles({ '/t/o/kustomization.yaml': text, '/t/o/app.yaml': DEPLOYMENT }), '/t/o');
  assert.deepEqual(
    build.problems.map((problem) => [problem.code, problem.affectsImages]),
    [
      ['missing-file', false],
      ['not-evaluated', false],
      ['not-evaluated', true],
    ],
  );
});

test('arbitrary kustomization and resource text never throws', () => {
  const yamlish = fc.stringMatching(/^[a-z:[\]{}|>&*!%@`'" \n./0-9-]{0,120}$/);
  const keys = fc.constantFrom('resources', 'components', 'bases', 'images', 'patches', 'patchesJson6902', 'patchesStrategicMerge', 'namespace', 'namePrefix', 'helmCharts', 'kind');
  fc.assert(
    fc.property(fc.array(fc.tuple(keys, yamlish), { maxLength: 6 }), yamlish, (fields, resource) => {
      const text = fields.map(([key, value]) => `${key}: ${value}`).join('\n');
      const files = memoryFiles({ '/t/o/kustomization.yaml': `${text}\nresources: [r.yaml, ../o, p.yaml]\n`, '/t/o/r.yaml': resource, '/t/o/p.yaml': `${DEPLOYMENT}\n${resource}` });
      const build = buildKustomization(files, '/t/o');
      assert.ok(Array.isArray(build.problems));
    }),
    { numRuns: 300 },
  );
});
