import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, deployment, yaml } from './fixtures';

// Issue 11, item 3: images other tools fill in are never judged, and only chart
// templates are Helm.
const cases: Array<[string, string, string]> = [
  ['ko import path', 'ko://github.com/example/app/cmd/server', 'ko'],
  ['Tekton parameter', '$(params.image)', 'tekton'],
  ['Tekton parameter with brackets', '$(params["builder-image"])', 'tekton'],
  ['envsubst variable', '${IMAGE}', 'envsubst'],
  ['envsubst variable with a default', 'registry.example.com/app:${TAG:-dev}', 'envsubst'],
  ['quoted template placeholder', '"{{PROJECT_ID}}/app:1.0"', 'template'],
];

for (const [name, image, tool] of cases) {
  test(`${name} is a placeholder filled in by ${tool}: no finding, no edit target`, () => {
    const analysis = analyse(deployment(image));
    assert.equal(analysis.images.length, 1);
    const [occurrence] = analysis.images;
    assert.equal(occurrence?.unresolved?.tool, tool);
    assert.equal(occurrence?.source, 'manifest');
    assert.deepEqual(occurrence?.editTargets, []);
    assert.deepEqual(analysis.findings, []);
    // The default policy depends on the tag filled in later: not guessed.
    assert.equal(occurrence?.pullPolicy.effective, null);
    assert.equal(occurrence?.pullPolicy.rule, 'default-pending');
  });
}

test('an explicit policy next to a placeholder is still taken as written, and an invalid one still reported', () => {
  const ok = analyse(deployment('ko://example.com/app', 'Always'));
  assert.equal(ok.images[0]?.pullPolicy.effective, 'Always');
  const bad = analyse(deployment('ko://example.com/app', 'always'));
  assert.deepEqual(
    bad.findings.map((finding) => finding.code),
    ['invalid-pull-policy'],
  );
});

test('Argo workflow parameters are Argo placeholders, and the file is not a Helm template', () => {
  const text = yaml(
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  generateName: build-',
    'spec:',
    '  entrypoint: main',
    '  templates:',
    '    - name: main',
    '      container:',
    '        image: "{{inputs.parameters.image}}"',
    '        args: ["sed -i s/{{PROJECT_ID}}/x/ f"]',
    '    - name: other',
    '      container:',
    '        image: alpine:latest',
  );
  const analysis = analyse(text);
  assert.deepEqual(
    analysis.images.map((image) => [image.image, image.source, image.unresolved?.tool ?? null]),
    [
      ['{{inputs.parameters.image}}', 'manifest', 'argo'],
      ['alpine:latest', 'manifest', null],
    ],
  );
  assert.deepEqual(
    analysis.findings.map((finding) => [finding.code, analysis.images[finding.imageIndex]?.image]),
    [['mutable-tag', 'alpine:latest']],
  );
});

test('an unquoted placeholder that breaks the YAML is still read, outside charts as a placeholder', () => {
  const analysis = analyse(deployment('{{ image }}'));
  assert.equal(analysis.images.length, 1);
  assert.equal(analysis.images[0]?.source, 'manifest');
  assert.equal(analysis.images[0]?.unresolved?.tool, 'template');
  assert.deepEqual(analysis.findings, []);
});

test('in a chart template the same action is Helm', () => {
  const analysis = analyse(deployment('"{{ .Values.image }}"'), {}, { chartTemplate: true });
  assert.equal(analysis.images[0]?.source, 'helm');
  assert.equal(analysis.images[0]?.unresolved?.tool, 'helm');
});

test('a literal image is not a placeholder', () => {
  for (const image of ['nginx:1.25', 'registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64)]) {
    assert.equal(analyse(deployment(image)).images[0]?.unresolved, null, image);
  }
});
