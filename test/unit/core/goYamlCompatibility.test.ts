import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { oracles, oracleSkipReason } from '../../oracles/oracles';
import { analyse, yaml } from './fixtures';

/**
 * YAML that Kubernetes' Go parser reads but the `yaml` package rejects: flow
 * collections whose continuation lines sit at the indentation of their key
 * (as in several Argo Workflows examples). `kubectl kustomize` reads a file
 * with the Go parser and prints it back as plain YAML: the images in that
 * output are the ones Kubernetes sees.
 */
const ACCEPTED_BY_GO: Array<[string, string]> = [
  [
    'double-quoted args closed at the indentation of args, then a sidecar',
    yaml(
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata:',
      '  name: wf',
      'spec:',
      '  templates:',
      '  - name: main',
      '    container:',
      '      image: alpine:3.23',
      '      command: [sh, -c]',
      '      args: ["',
      '        apk add curl &&',
      '        echo done',
      '      "]',
      '    sidecars:',
      '    - name: db',
      '      image: influxdb:1.2',
    ),
  ],
  [
    'single-quoted args and a flow item at the key indentation',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: busybox:1.36',
      "    args: ['",
      '      sleep 1',
      "    ']",
      '    command: [',
      '    "sh"]',
      '  - name: b',
      '    image: nginx:latest',
    ),
  ],
  [
    'a quoted scalar whose next lines are indented less than its key (generated CRDs)',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      "    note: 'first line",
      '    at the indentation of the key',
      "    last'",
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: nginx:1.27',
    ),
  ],
];

function imagesSeenByGo(text: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-goyaml-'));
  try {
    writeFileSync(path.join(dir, 'manifest.yaml'), text);
    writeFileSync(path.join(dir, 'kustomization.yaml'), yaml('resources:', '- manifest.yaml'));
    const rendered = execFileSync(oracles().kubectl, ['kustomize', dir], { encoding: 'utf8' });
    return analyse(rendered).images.map((image) => image.image);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, text] of ACCEPTED_BY_GO) {
  test(`Go-accepted YAML is analysed like Kubernetes reads it: ${name}`, { skip: oracleSkipReason() }, () => {
    const analysis = analyse(text);
    assert.deepEqual(analysis.unreadable, []);
    assert.deepEqual(
      analysis.images.map((image) => image.image),
      imagesSeenByGo(text),
    );
    // Positions still point into the original text.
    const lines = text.split('\n');
    for (const image of analysis.images) {
      assert.equal(lines[image.range.start.line]?.slice(image.range.start.character, image.range.end.character), image.image);
    }
  });
}

test('a document the parser cannot read is reported with the message and position, and whether containers may hide behind it', () => {
  const broken = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: a', '    image: busybox:1.36', '    command: [sh, -c', '  - name: b', '    image: nginx:1.27');
  const analysis = analyse(broken);
  assert.equal(analysis.unreadable.length, 1);
  const [problem] = analysis.unreadable;
  assert.match(problem?.message ?? '', /Flow sequence/);
  assert.equal(problem?.range.start.line, 9);
  assert.equal(problem?.mayHideContainers, true);
});

test('unreadable YAML without a Kubernetes object may not hide containers; a chart template is not reported', () => {
  const notKubernetes = yaml('services:', '  web:', '    command: [sh, -c', '  image: x');
  assert.equal(analyse(notKubernetes).unreadable[0]?.mayHideContainers, false);
  const template = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: {{ .Release.Name }}', 'spec:', '  containers:', '  - command: [sh', '  - image: nginx:1.27');
  assert.deepEqual(analyse(template).unreadable, []);
});

test('a chart template whose actions a formatter split apart (`{ { … } }`) is not reported as unreadable YAML; the same text as a manifest is', () => {
  const damaged = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: x', '  labels:', '    { {- include "x.labels" . | nindent 4 } }', 'spec:', '  containers:', '    - image: "{ { .Values.image } }"');
  assert.equal(analyse(damaged).unreadable[0]?.mayHideContainers, true);
  assert.deepEqual(analyse(damaged, {}, { chartTemplate: true }).unreadable, []);
});
