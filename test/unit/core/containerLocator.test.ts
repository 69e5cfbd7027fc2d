import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse, yaml } from './fixtures';

const podSpec = (indent: string) => [
  `${indent}containers:`,
  `${indent}  - name: main`,
  `${indent}    image: app:1`,
  `${indent}initContainers:`,
  `${indent}  - name: init`,
  `${indent}    image: init:1`,
];

function kind(apiVersion: string, kindName: string, body: string[]): string {
  return yaml(`apiVersion: ${apiVersion}`, `kind: ${kindName}`, 'metadata:', '  name: x', ...body);
}

const cases: Array<[string, string, string[]]> = [
  ['Pod', kind('v1', 'Pod', ['spec:', ...podSpec('  ')]), ['spec.containers[0]', 'spec.initContainers[0]']],
  ['Deployment', kind('apps/v1', 'Deployment', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  ['StatefulSet', kind('apps/v1', 'StatefulSet', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  ['DaemonSet', kind('apps/v1', 'DaemonSet', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  ['ReplicaSet', kind('apps/v1', 'ReplicaSet', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  ['ReplicationController', kind('v1', 'ReplicationController', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  ['Job', kind('batch/v1', 'Job', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  [
    'CronJob',
    kind('batch/v1', 'CronJob', ['spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', ...podSpec('          ')]),
    ['spec.jobTemplate.spec.template.spec.containers[0]', 'spec.jobTemplate.spec.template.spec.initContainers[0]'],
  ],
  ['PodTemplate', kind('v1', 'PodTemplate', ['template:', '  spec:', ...podSpec('    ')]), ['template.spec.containers[0]', 'template.spec.initContainers[0]']],
  [
    'ephemeralContainers',
    kind('v1', 'Pod', ['spec:', '  ephemeralContainers:', '    - name: debug', '      image: busybox:1.36']),
    ['spec.ephemeralContainers[0]'],
  ],
  ['Argo Rollout', kind('argoproj.io/v1alpha1', 'Rollout', ['spec:', '  template:', '    spec:', ...podSpec('      ')]), ['spec.template.spec.containers[0]', 'spec.template.spec.initContainers[0]']],
  [
    'Argo Workflow',
    kind('argoproj.io/v1alpha1', 'Workflow', [
      'spec:',
      '  templates:',
      '    - name: a',
      '      container:',
      '        image: alpine:3.19',
      '    - name: b',
      '      script:',
      '        image: python:3.12',
      '      sidecars:',
      '        - name: s',
      '          image: redis:7',
    ]),
    ['spec.templates[0].container', 'spec.templates[1].script', 'spec.templates[1].sidecars[0]'],
  ],
  [
    'Tekton Task',
    kind('tekton.dev/v1', 'Task', ['spec:', '  stepTemplate:', '    image: base:1', '  steps:', '    - name: build', '      image: golang:1.22', '  sidecars:', '    - name: d', '      image: docker:dind']),
    ['spec.stepTemplate', 'spec.steps[0]', 'spec.sidecars[0]'],
  ],
  [
    'Tekton Pipeline with embedded taskSpec',
    kind('tekton.dev/v1', 'Pipeline', ['spec:', '  tasks:', '    - name: t', '      taskSpec:', '        steps:', '          - name: s', '            image: alpine:3']),
    ['spec.tasks[0].taskSpec.steps[0]'],
  ],
  ['Knative Service', kind('serving.knative.dev/v1', 'Service', ['spec:', '  template:', '    spec:', '      containers:', '        - image: gcr.io/x/y:1']), ['spec.template.spec.containers[0]']],
  [
    'KEDA ScaledJob',
    kind('keda.sh/v1alpha1', 'ScaledJob', ['spec:', '  jobTargetRef:', '    template:', '      spec:', '        containers:', '          - image: worker:2']),
    ['spec.jobTargetRef.template.spec.containers[0]'],
  ],
  ['OpenKruise CloneSet', kind('apps.kruise.io/v1alpha1', 'CloneSet', ['spec:', '  template:', '    spec:', '      containers:', '        - image: app:3']), ['spec.template.spec.containers[0]']],
  ['OpenKruise SidecarSet', kind('apps.kruise.io/v1alpha1', 'SidecarSet', ['spec:', '  containers:', '    - name: s', '      image: envoy:1']), ['spec.containers[0]']],
  [
    'JobSet',
    kind('jobset.x-k8s.io/v1alpha2', 'JobSet', [
      'spec:',
      '  replicatedJobs:',
      '    - name: w',
      '      template:',
      '        spec:',
      '          template:',
      '            spec:',
      '              containers:',
      '                - image: trainer:1',
    ]),
    ['spec.replicatedJobs[0].template.spec.template.spec.containers[0]'],
  ],
  ['Volcano Job', kind('batch.volcano.sh/v1alpha1', 'Job', ['spec:', '  tasks:', '    - template:', '        spec:', '          containers:', '            - image: mpi:1']), ['spec.tasks[0].template.spec.containers[0]']],
  [
    'Kubeflow PyTorchJob',
    kind('kubeflow.org/v1', 'PyTorchJob', ['spec:', '  pytorchReplicaSpecs:', '    Master:', '      template:', '        spec:', '          containers:', '            - image: pytorch:2']),
    ['spec.pytorchReplicaSpecs.Master.template.spec.containers[0]'],
  ],
  [
    'List items',
    yaml('apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: Pod', '    metadata: {name: p}', '    spec:', '      containers:', '        - image: a:1'),
    ['items[0].spec.containers[0]'],
  ],
];

for (const [name, text, expected] of cases) {
  test(`locates containers in ${name}`, () => {
    const analysis = analyse(text);
    assert.deepEqual(
      analysis.images.map((image) => image.containerPath),
      expected,
    );
  });
}

test('List items carry their own resource identity', () => {
  const analysis = analyse(cases.find(([name]) => name === 'List items')?.[1] ?? '');
  assert.deepEqual(analysis.images[0]?.resource, { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: null });
});

test('non-Kubernetes YAML gets no images: GitHub workflow, docker-compose, GitLab CI, Argo keys outside Argo', () => {
  const workflow = yaml('name: ci', 'on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    container:', '      image: node:latest', '    services:', '      redis:', '        image: redis');
  const compose = yaml('services:', '  web:', '    image: nginx:latest', '    containers:', '      - image: x');
  const gitlab = yaml('image: node:latest', 'build:', '  script: [npm test]');
  const argoKeysElsewhere = yaml('apiVersion: example.com/v1', 'kind: Thing', 'spec:', '  container:', '    image: nginx:latest');
  for (const text of [workflow, compose, gitlab, argoKeysElsewhere]) {
    assert.deepEqual(analyse(text).images, []);
  }
});

test('ranges are exact 0-based positions of the scalar content, quotes excluded', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', '    - name: a', '      image: "nginx:1.25"', "    - {name: b, image: 'redis:7', imagePullPolicy: Always}");
  const [a, b] = analyse(text).images;
  assert.deepEqual(a?.range, { start: { line: 5, character: 14 }, end: { line: 5, character: 24 } });
  assert.deepEqual(b?.range, { start: { line: 6, character: 24 }, end: { line: 6, character: 31 } });
  assert.deepEqual(b?.policyKeyRange, { start: { line: 6, character: 34 }, end: { line: 6, character: 49 } });
  assert.deepEqual(b?.policyValueRange, { start: { line: 6, character: 51 }, end: { line: 6, character: 57 } });
});

test('multi-document files with CRLF: positions are per file, documents indexed', () => {
  const doc = (n: number) => ['apiVersion: v1', 'kind: Pod', `metadata: {name: p${n}}`, 'spec:', '  containers:', `    - image: app:${n} # comment`];
  const text = ['# leading comment', ...doc(1), '---', ...doc(2), '...', '---', ...doc(3)].join('\r\n');
  const images = analyse(text).images;
  assert.deepEqual(
    images.map((image) => [image.image, image.range.start.line, image.range.start.character, image.range.end.character, image.documentIndex]),
    [
      ['app:1', 6, 13, 18, 0],
      ['app:2', 13, 13, 18, 1],
      ['app:3', 21, 13, 18, 2],
    ],
  );
});

test('anchors, aliases and merge keys are followed', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'x-defaults: &defaults',
    '  image: &img base:1.0',
    '  imagePullPolicy: Always',
    'spec:',
    '  containers:',
    '    - name: a',
    '      <<: *defaults',
    '    - name: b',
    '      image: *img',
  );
  const images = analyse(text).images;
  assert.deepEqual(
    images.map((image) => [image.container, image.image, image.pullPolicy.effective]),
    [
      ['a', 'base:1.0', 'Always'],
      ['b', 'base:1.0', 'IfNotPresent'],
    ],
  );
  // The alias is reported at its anchored scalar, the text an edit must change.
  assert.deepEqual(images[1]?.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 22 } });
});

test('Helm templates: actions are masked, templated images are not judged, literal ones are', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "chart.fullname" . }}',
    'spec:',
    '  template:',
    '    spec:',
    '      {{- with .Values.imagePullSecrets }}',
    '      imagePullSecrets: {{ toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      containers:',
    '        - name: app',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
    '        - name: sidecar',
    '          image: busybox:latest',
    '          imagePullPolicy: IfNotPresent',
  );
  const analysis = analyse(text, {}, { chartTemplate: true });
  assert.equal(analysis.images.length, 2);
  const [app, sidecar] = analysis.images;
  assert.equal(app?.source, 'helm');
  assert.equal(app?.unresolved?.tool, 'helm');
  assert.deepEqual(app?.editTargets, []);
  assert.equal(app?.pullPolicy.rule, 'templated');
  assert.deepEqual(
    analysis.findings.map((finding) => [finding.code, analysis.images[finding.imageIndex]?.container]),
    [['latest-tag-cached', 'sidecar']],
  );
  assert.equal(sidecar?.unresolved, null);
  assert.equal(sidecar?.editTargets.length, 1);
});

test('empty and non-string images are invalid references with clear reasons', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', '    - name: a', '      image:', '    - name: b', '      image: 1.5', '    - name: c', '      image: ""');
  const analysis = analyse(text);
  assert.deepEqual(
    analysis.images.map((image) => image.reference.error),
    [
      'the image is empty; the API server rejects the object (Required value)',
      'the image must be a string, not 1.5; quote it',
      'the image is empty; the API server rejects the object (Required value)',
    ],
  );
  assert.deepEqual(
    analysis.findings.map((finding) => finding.code),
    ['invalid-image-reference', 'invalid-image-reference', 'invalid-image-reference'],
  );
});
