/** The defines, calls and `.Values` paths of one template, read from the engine's lexer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TemplateSymbols } from '../../../../server/src/core/helm/navigation';
import { scanTemplateSymbols } from '../../../../server/src/core/helm/navigation';

/** The symbols as the text they point at, so every span is checked against the source. */
function written(text: string, symbols: TemplateSymbols) {
  const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
  return {
    defines: symbols.defines.map((s) => [s.name, slice(s.span)]),
    calls: symbols.calls.map((s) => [s.name, slice(s.span)]),
    reads: symbols.valuesReads.map((r) => [r.path.join('.'), r.segments.map(slice).join('|'), slice(r.values)]),
  };
}

test('define, block, include and template names, inside their quotes', () => {
  const text = '{{- define "a.name" -}}x{{ end }}{{ block `b` . }}{{ end }}{{ include "a.name" . | nindent 2 }}{{ template "c\\x2e" }}';
  assert.deepEqual(written(text, scanTemplateSymbols(text)), {
    defines: [['a.name', 'a.name'], ['b', 'b']],
    calls: [['b', 'b'], ['a.name', 'a.name'], ['c.', 'c\\x2e']],
    reads: [],
  });
});

test('.Values paths: plain, after $, as index arguments; each segment where it is written', () => {
  const text = [
    'image: "{{ .Values.image.repository }}:{{ $.Values.image.tag | default "x" }}"',
    'policy: {{ index .Values "image" `pullPolicy` 0 "ignored" }}',
    'all: {{ toYaml .Values | nindent 2 }}{{ (index $.Values.a "b") }}',
  ].join('\n');
  assert.deepEqual(written(text, scanTemplateSymbols(text)).reads, [
    ['image.repository', 'image|repository', 'Values'],
    ['image.tag', 'image|tag', 'Values'],
    ['image.pullPolicy', 'image|pullPolicy', 'Values'],
    ['a.b', 'a|b', 'Values'],
  ]);
});

test('not the top-level .Values: fields of other objects and variables; nothing in comments or text', () => {
  const text = '{{/* include "x" .Values.a */}}include "y" .Values.b {{ .ctx.Values.c }}{{ $root.Values.d }}{{ $v := .x }}{{ (.).Values.e }}';
  assert.deepEqual(written(text, scanTemplateSymbols(text)), { defines: [], calls: [], reads: [] });
});

test('a template being typed: what precedes the unfinished action is kept', () => {
  const text = '{{ include "done" . }}\nimage: {{ .Values.image.ta';
  const found = written(text, scanTemplateSymbols(text));
  assert.deepEqual(found.calls, [['done', 'done']]);
  assert.deepEqual(found.reads, [['image.ta', 'image|ta', 'Values']]);
});

test('any text: never throws, spans stay inside the text and name what is written there', () => {
  const piece = fc.constantFrom('{{', '}}', '{{-', ' -}}', '.Values', '.a', '$', ' ', '"n"', '`r`', 'include', 'define', 'index', '/*', '*/', '\n', '(', ')', 'x');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const symbols = scanTemplateSymbols(text);
      for (const read of symbols.valuesReads) {
        read.segments.forEach((span, i) => assert.equal(text.slice(span.start, span.end), read.path[i]));
        assert.equal(text.slice(read.values.start, read.values.end), 'Values');
      }
      for (const symbol of [...symbols.defines, ...symbols.calls]) {
        assert.ok(symbol.span.start >= 0 && symbol.span.end <= text.length);
      }
    }),
  );
});
