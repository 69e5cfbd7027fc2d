/**
 * Diagnostics published by the real server process (`node out/cli.js lsp --stdio`)
 * for realistic files. Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, lines, rangeOf } from './harness/text';

const server = useSharedServer();

async function diagnosticsOf(name: string, text: string, languageId = 'yaml'): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(name);
  await server().open(uri, text, languageId);
  const published = await server().waitForCurrentDiagnostics(uri);
  return { uri, diagnostics: published.diagnostics };
}

function summary(diagnostics: Diagnostic[]): Array<{ code: unknown; range: Diagnostic['range'] }> {
  return diagnostics
    .map((d) => ({ code: d.code, range: d.range }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

describe('diagnostics over a real stdio connection', () => {
  test('nginx:latest with IfNotPresent → latest-tag-cached on the exact image scalar', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent');
    const { diagnostics } = await diagnosticsOf('deploy.yaml', text);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [d] = diagnostics as [Diagnostic];
    assert.equal(d.code, 'latest-tag-cached');
    assert.deepEqual(d.range, { start: { line: 9, character: 17 }, end: { line: 9, character: 29 } });
    assert.deepEqual(d.range, rangeOf(text, 'nginx:latest'));
    assert.equal(d.source, 'kube-image-lens');
    assert.ok(d.codeDescription?.href.includes('#rule-latest-tag-cached'), d.codeDescription?.href);
    // Default profile is staging: a warning.
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /IfNotPresent/);
  });

  test('a clean manifest publishes an empty list (clears earlier squiggles)', async () => {
    const { diagnostics } = await diagnosticsOf('clean.yaml', deployment('nginx:1.25.3', 'IfNotPresent'));
    assert.deepEqual(diagnostics, []);
  });

  test('multi-document file with CRLF, flow style, comments, anchors and aliases → right ranges', async () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a}',
      'spec:',
      '  containers: [{name: a, image: "nginx:latest", imagePullPolicy: IfNotPresent}]',
      '---',
      '# second doc',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: b',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: b # the app',
      '          image: &img redis',
      '          imagePullPolicy: IfNotPresent',
      '        - name: c',
      '          image: *img',
      '          imagePullPolicy: &pol IfNotPresent',
      '      initContainers:',
      '        - &init',
      '          name: init',
      '          image: nginx:1.25',
      '        - <<: *init',
      '          name: init2',
      '          image: "busybox:latest" # x',
      '          imagePullPolicy: *pol',
      '---',
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: cj}',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      "          - {name: j, image: 'alpine', imagePullPolicy: IfNotPresent}",
      '',
    ].join('\r\n');
    const { diagnostics } = await diagnosticsOf('multi.yaml', text);
    assert.deepEqual(summary(diagnostics), [
      { code: 'latest-tag-cached', range: rangeOf(text, 'nginx:latest') },
      // `&img redis`: the anchor is not part of the image
      { code: 'latest-tag-cached', range: rangeOf(text, 'redis') },
      // the second container names it through `*img`: reported at the anchored value, the text a fix must change
      { code: 'latest-tag-cached', range: rangeOf(text, 'redis') },
      { code: 'latest-tag-cached', range: rangeOf(text, 'busybox:latest') },
      { code: 'latest-tag-cached', range: rangeOf(text, 'alpine') },
    ]);
    // The CRLF did not shift characters: the flow-style image on line 5 starts inside the quotes.
    assert.deepEqual(rangeOf(text, 'nginx:latest'), { start: { line: 5, character: 33 }, end: { line: 5, character: 45 } });
  });

  test('the same manifest with LF and CRLF endings gives identical diagnostics', async () => {
    const lf = lines(deployment('redis', 'IfNotPresent', 'one'), '---', deployment('nginx:latest', null, 'two'));
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = await diagnosticsOf('lf.yaml', lf);
    const b = await diagnosticsOf('crlf.yaml', crlf);
    assert.ok(a.diagnostics.length >= 2, JSON.stringify(a.diagnostics));
    assert.deepEqual(summary(b.diagnostics), summary(a.diagnostics));
  });

  test('YAML the parser cannot read: a warning only where containers of a Kubernetes object may hide, never in a chart template', async () => {
    const broken = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: a', '    image: busybox:1.36', '    command: [sh, -c', '  - name: b', '    image: nginx:1.27');
    const { diagnostics } = await diagnosticsOf('broken-pod.yaml', broken);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
      [['unreadable-yaml', 2, 9]],
    );
    assert.match(diagnostics[0]?.message ?? '', /^The YAML parser stopped here \(Flow sequence .*\); containers after this point are not checked\.$/);
    const notKubernetes = lines('services:', '  web:', '    command: [sh, -c', '  image: nginx:1.27');
    assert.deepEqual((await diagnosticsOf('compose-broken.yaml', notKubernetes)).diagnostics, []);
    const template = broken.replace('  name: p', '  name: {{ .Release.Name }}');
    assert.deepEqual((await diagnosticsOf('templates/pod.yaml', template, 'helm')).diagnostics, []);
  });

  test('non-Kubernetes YAML (GitHub workflow, docker-compose) → no diagnostics', async () => {
    const workflow = lines(
      'name: CI',
      'on: [push]',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: node:latest',
      '    services:',
      '      redis:',
      '        image: redis',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: docker run --pull=missing nginx:latest',
      '',
    );
    const compose = lines(
      'services:',
      '  web:',
      '    image: nginx:latest',
      '    pull_policy: missing',
      '  worker:',
      '    image: "myorg/worker"',
      '    imagePullPolicy: IfNotPresent',
      '    containers:',
      '      - image: busybox',
      '        imagePullPolicy: IfNotPresent',
      '',
    );
    assert.deepEqual((await diagnosticsOf('.github/workflows/ci.yaml', workflow)).diagnostics, []);
    assert.deepEqual((await diagnosticsOf('docker-compose.yaml', compose)).diagnostics, []);
  });

  test('Helm template with {{ }} → no YAML errors, no findings on templated images', async () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}',
      '  labels:',
      '    {{- include "chart.labels" . | nindent 4 }}',
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      '  template:',
      '    spec:',
      '      {{- with .Values.imagePullSecrets }}',
      '      imagePullSecrets:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
      '        - name: sidecar',
      '          image: {{ .Values.sidecar.image | quote }}',
      '        - name: helper',
      '          image: {{ include "chart.image" . }}',
      '          imagePullPolicy: {{ .Values.helper.pullPolicy | default "IfNotPresent" }}',
      '        {{- range .Values.extraContainers }}',
      '        - name: {{ .name }}',
      '          image: {{ .image }}',
      '        {{- end }}',
      '',
    );
    const { diagnostics } = await diagnosticsOf('chart/templates/deployment.yaml', text, 'helm');
    assert.deepEqual(diagnostics, [], JSON.stringify(diagnostics, null, 1));
  });

  test('Helm template: a literal image among templated ones is still judged', async () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '          imagePullPolicy: IfNotPresent',
      '        - name: static',
      '          image: busybox:latest',
      '          imagePullPolicy: IfNotPresent',
      '',
    );
    const { diagnostics } = await diagnosticsOf('chart2/templates/deployment.yaml', text, 'helm');
    assert.deepEqual(summary(diagnostics), [{ code: 'latest-tag-cached', range: rangeOf(text, 'busybox:latest') }]);
  });

  test(
    'an unclosed {{ in a comment of a plain manifest does not hide later findings',
    async () => {
      const text = lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: a}',
        'spec:',
        '  containers:',
        '    - image: busybox:1.36 # renders {{ like this',
        '    - image: nginx:latest',
        '      imagePullPolicy: IfNotPresent',
        '',
      );
      const { diagnostics } = await diagnosticsOf('unclosed.yaml', text);
      assert.deepEqual(summary(diagnostics), [{ code: 'latest-tag-cached', range: rangeOf(text, 'nginx:latest') }]);
    },
  );

  test('closing a document clears its diagnostics', async () => {
    const { uri, diagnostics } = await diagnosticsOf('closing.yaml', deployment('nginx:latest', 'IfNotPresent'));
    assert.equal(diagnostics.length, 1);
    const count = server().publishCount(uri);
    await server().close(uri);
    await server().waitForDiagnostics(uri, (d) => d.length === 0, undefined, count);
  });
});
