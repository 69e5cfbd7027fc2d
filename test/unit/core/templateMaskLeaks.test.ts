import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse, yaml } from './fixtures';

test('templated parts of a Helm template are reported as their template text, never as masking filler', () => {
  const text = yaml(
    'apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}',
    'kind: {{ if .Values.sts }}StatefulSet{{ else }}Deployment{{ end }}',
    'metadata:',
    '  name: {{ template "app.fullname" . }}-web',
    '  namespace: "{{ .Release.Namespace }}"',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: {{ .Chart.Name }}',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
    '        - name: "{{ .Chart.Name }}-sidecar"',
    '          image: busybox:1.36',
  );
  const images = analyse(text).images;
  assert.equal(images.length, 2);
  assert.deepEqual(images[0]?.resource, {
    apiVersion: '{{ include "common.capabilities.deployment.apiVersion" . }}',
    kind: '{{ if .Values.sts }}StatefulSet{{ else }}Deployment{{ end }}',
    name: '{{ template "app.fullname" . }}-web',
    namespace: '{{ .Release.Namespace }}',
  });
  assert.deepEqual(
    images.map((image) => [image.container, image.image, image.pullPolicy.explicit]),
    [
      ['{{ .Chart.Name }}', '{{ .Values.image.repository }}:{{ .Values.image.tag }}', '{{ .Values.image.pullPolicy }}'],
      ['{{ .Chart.Name }}-sidecar', 'busybox:1.36', null],
    ],
  );
  // Every string reported is text of the file: no filler anywhere.
  const strings = JSON.stringify(images).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  for (const quoted of strings) {
    const value = JSON.parse(quoted) as string;
    assert.doesNotMatch(value, /xxx/, `masking filler in ${value}`);
  }
});
