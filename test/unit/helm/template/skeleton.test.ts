import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcome, render } from './render';

test('text, actions, fields, variables, control structures, include', () => {
  const helpers = { name: 'c/templates/_helpers.tpl', text: '{{- define "img" -}}{{ .repository }}:{{ .tag | default "latest" }}{{- end }}' };
  const result = render(
    'image: {{ include "img" .Values.image | quote }}\n{{- range $i, $v := .Values.list }}\n- {{ $i }}={{ $v }}{{ end }}\n{{ with .Values.image }}{{ .repository }}{{ end }}{{ if .Values.missing }}x{{ else if .Values.list }}y{{ end }}',
    { image: { repository: 'nginx' }, list: ['a', 'b'] },
    { sources: [helpers] },
  );
  assert.equal(outcome(result), 'image: "nginx:latest"\n- 0=a\n- 1=b\nnginxy');
});
