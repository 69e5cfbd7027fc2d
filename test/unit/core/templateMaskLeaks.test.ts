import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskTemplateActions } from '../../../server/src/core/yaml/helmTemplateMask';
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

test('a "{{" closed inside its quoted scalar is text: a later "}}" does not mask the lines between', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    'spec:',
    '  containers:',
    '    - name: a',
    '      image: busybox:1.36',
    '      args: ["{{", \'x {{ y\']',
    '    - name: b',
    '      image: nginx:1.27',
    '      args: ["}}"]',
  );
  const masked = maskTemplateActions(text);
  assert.deepEqual(masked.spans, []);
  assert.deepEqual(
    analyse(text).images.map((image) => image.image),
    ['busybox:1.36', 'nginx:1.27'],
  );
});

test('actions with quotes inside, and actions spanning lines, are still masked', () => {
  const single = 'image: "{{ printf "%s:%s" .a .b }}"';
  assert.deepEqual(maskTemplateActions(single).spans, [[8, 34]]);
  const multi = 'image: "{{ include "x" (dict\n  "a" 1) }}"';
  assert.equal(maskTemplateActions(multi).spans.length, 1);
});
