/** Provenance: every output character maps to a values leaf, template text, or a computation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateSet } from '../../../../server/src/core/helm/template';
import type { Origin, RenderResult } from '../../../../server/src/core/helm/template';
import { data } from './render';

let sources: Record<string, string> = {};
let currentValues: unknown = {};

/**
 * The output cut into [text, origin] pieces, one per span. Literal and value origins are
 * checked against their source: the template text at the offset, or the printed leaf at
 * the path, must be exactly the piece.
 */
function pieces(result: RenderResult): [string, string][] {
  assert.equal(result.error, null);
  return result.spans.map((span) => {
    const text = result.output.slice(span.start, span.end);
    return [text, describe(span.origin, text)];
  });
}

function describe(origin: Origin, text: string): string {
  switch (origin.kind) {
    case 'value': {
      const leaf = origin.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], currentValues);
      assert.equal(String(leaf).slice(origin.offset ?? 0, (origin.offset ?? 0) + text.length), text, `value ${origin.path.join('.')} holds ${JSON.stringify(text)}`);
      return `value ${origin.path.join('.')}`;
    }
    case 'literal':
      assert.equal(sources[origin.template].slice(origin.offset, origin.offset + text.length), text, `${origin.template}@${origin.offset} holds ${JSON.stringify(text)}`);
      return `literal ${origin.template.replace('c/templates/', '')}`;
    case 'computed':
      return `computed ${origin.reason}`;
  }
}

function assertCoverage(result: RenderResult): void {
  let at = 0;
  for (const span of result.spans) {
    assert.equal(span.start, at, 'spans are contiguous and sorted');
    assert.ok(span.end > span.start, 'spans are not empty');
    at = span.end;
  }
  assert.equal(at, result.output.length, 'spans cover the output');
}

function renderOne(text: string, values: unknown, helpers = ''): RenderResult {
  sources = { 'c/templates/t.yaml': text, 'c/templates/_helpers.tpl': helpers };
  currentValues = values;
  const set = new TemplateSet(Object.entries(sources).map(([name, source]) => ({ name, text: source })));
  const result = set.render('c/templates/t.yaml', data(values, { Template: { Name: 'c/templates/t.yaml', BasePath: 'c/templates' } }));
  assertCoverage(result);
  return result;
}

test('values leaves, template text and string constants keep their origin through an include helper', () => {
  const helpers = '{{- define "img" -}}{{ .registry }}/{{ .repository }}:{{ .tag | default "latest" }}{{- end -}}';
  const result = renderOne('image: {{ include "img" .Values.image | quote }}', { image: { registry: 'docker.io', repository: 'nginx' } }, helpers);
  assert.equal(result.output, 'image: "docker.io/nginx:latest"');
  assert.deepEqual(pieces(result), [
    ['image: ', 'literal t.yaml'],
    ['"', 'computed quote'],
    ['docker.io', 'value image.registry'],
    ['/', 'literal _helpers.tpl'],
    ['nginx', 'value image.repository'],
    [':', 'literal _helpers.tpl'],
    ['latest', 'literal _helpers.tpl'],
    ['"', 'computed quote'],
  ]);
});

test('numbers from values print as that leaf (Helm reads 1.10 as the float 1.1)', () => {
  const result = renderOne('tag: {{ .Values.image.tag }}', { image: { tag: 1.1 } });
  assert.deepEqual(pieces(result), [
    ['tag: ', 'literal t.yaml'],
    ['1.1', 'value image.tag'],
  ]);
});

test('printf, trim, trimPrefix, replace, nindent, default, coalesce, ternary, cat, join keep character origins', () => {
  const values = { repo: '  nginx  ', tag: 'v1.2', list: ['a', 'b'], empty: '' };
  const result = renderOne(
    '{{ printf "%s:%s" (trim .Values.repo) (trimPrefix "v" .Values.tag) }}|{{ replace "." "-" .Values.tag }}|{{ coalesce .Values.empty .Values.tag }}|{{ ternary .Values.tag "x" true }}|{{ cat .Values.tag "z" }}|{{ join "," .Values.list }}|{{ .Values.tag | nindent 2 }}',
    values,
  );
  assert.equal(result.output, 'nginx:1.2|v1-2|v1.2|v1.2|v1.2 z|a,b|\n  v1.2');
  assert.deepEqual(pieces(result), [
    ['nginx', 'value repo'],
    [':', 'literal t.yaml'],
    ['1.2', 'value tag'],
    ['|', 'literal t.yaml'],
    ['v1', 'value tag'],
    ['-', 'literal t.yaml'],
    ['2', 'value tag'],
    ['|', 'literal t.yaml'],
    ['v1.2', 'value tag'],
    ['|', 'literal t.yaml'],
    ['v1.2', 'value tag'],
    ['|', 'literal t.yaml'],
    ['v1.2', 'value tag'],
    [' ', 'computed cat'],
    ['z', 'literal t.yaml'],
    ['|', 'literal t.yaml'],
    ['a', 'value list.0'],
    [',', 'literal t.yaml'],
    ['b', 'value list.1'],
    ['|', 'literal t.yaml'],
    ['\n', 'computed nindent'],
    ['  ', 'computed indent'],
    ['v1.2', 'value tag'],
  ]);
});

test('index, range and get reach values leaves with their paths', () => {
  const result = renderOne('{{ index .Values.images 1 }} {{ range $k, $v := .Values.m }}{{ $v }}{{ end }} {{ get .Values.m "b" }}', { images: ['x', 'y'], m: { a: 'A', b: 'B' } });
  assert.equal(result.output, 'y AB B');
  assert.deepEqual(
    pieces(result).filter(([, origin]) => origin.startsWith('value')),
    [
      ['y', 'value images.1'],
      ['A', 'value m.a'],
      ['B', 'value m.b'],
      ['B', 'value m.b'],
    ],
  );
});

test('tpl text from values keeps its values origin; functions that change characters are computed', () => {
  const result = renderOne('{{ tpl .Values.tmpl . }}|{{ upper .Values.name }}|{{ toYaml .Values.obj }}', { tmpl: 'img-{{ .Values.name }}', name: 'app', obj: { a: 1 } });
  assert.equal(result.output, 'img-app|APP|a: 1');
  assert.deepEqual(pieces(result), [
    ['img-', 'value tmpl'],
    ['app', 'value name'],
    ['|', 'literal t.yaml'],
    ['APP', 'computed upper'],
    ['|', 'literal t.yaml'],
    ['a: 1', 'computed toYaml'],
  ]);
});

test('.Chart and .Release strings are computed with the field name; the erased "<no value>" leaves no span', () => {
  const result = renderOne('{{ .Chart.AppVersion }}[{{ .Values.missing }}]', {});
  assert.deepEqual(pieces(result), [
    ['1.0', 'computed field AppVersion'],
    ['[', 'literal t.yaml'],
    [']', 'literal t.yaml'],
  ]);
});

test('span merging stays linear: a large range renders quickly with few spans', () => {
  const list = Array.from({ length: 20000 }, (_, i) => `item${i}`);
  const started = Date.now();
  const result = renderOne('{{ range .Values.list }}- {{ . }}\n{{ end }}', { list });
  assert.equal(result.output.split('\n').length, 20001);
  assert.ok(result.spans.length <= 3 * 20000);
  assert.ok(Date.now() - started < 5000, 'renders 20,000 items in well under 5 s');
});
