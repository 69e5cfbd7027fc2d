/** Error kinds, limits, Helm's define override order, and robustness on arbitrary input. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TemplateSet, apiVersionSet, kubeVersion } from '../../../../server/src/core/helm/template';
import { data, outcome, render } from './render';

test('error kinds: fail and required carry the chart message, unknown Sprig functions are unsupported', () => {
  const cases: [string, string][] = [
    ['{{ fail "set image.tag" }}', 'ERROR(fail): set image.tag'],
    ['{{ required "image.tag is required" .Values.image.tag }}', 'ERROR(fail): image.tag is required'],
    ['{{ required "x" "" }}', 'ERROR(fail): x'],
    ['{{ required "x" "ok" }}', 'ok'],
    ['{{ genCA "x" 365 }}', 'ERROR(unsupported): function "genCA" is not supported by this evaluator'],
    ['{{ .Files.Glob "*.conf" }}', 'ERROR(unsupported): .Files.Glob is not supported by this evaluator'],
    ['{{ regexMatch "(?U)a+" "aaa" }}', 'ERROR(unsupported): regular expression "(?U)a+": the (?U) flag is not supported by this evaluator'],
    ['{{ tpl "{{ define \\"x\\" }}y{{ end }}" . }}', 'ERROR(unsupported): error during tpl function execution for "{{ define \\"x\\" }}y{{ end }}": define inside tpl text is not supported by this evaluator'],
    ['{{ .Values.image.tag.x }}', 'ERROR(exec): nil pointer evaluating interface {}.x'],
    ['{{ include "missing" . }}', 'ERROR(exec): error calling include: template: no template "missing" associated with template "gotpl"'],
    ['{{ tpl "{{ .nope" . }}', 'ERROR(parse): error during tpl function execution for "{{ .nope": parse error: unclosed action'],
    ['{{ nindent .Values.n "x" }}', 'ERROR(exec): wrong type for value; expected int; got float64'],
    ['{{ upper .Values.missing }}', 'ERROR(exec): wrong type for value; expected string; got interface {}'],
    ['{{ .Values.missing | upper }}', 'ERROR(exec): invalid value; expected string'],
    ['{{ printf "%d" .Values.n }}', '%!d(float64=3)'],
  ];
  for (const [template, expected] of cases) {
    assert.equal(outcome(render(template, { image: {}, n: 3 })), expected, template);
  }
});

test('now/date and random strings are deterministic placeholders marked as unsupported in their provenance', () => {
  const result = render('{{ now | date "2006-01-02" }} {{ randAlphaNum 5 }}');
  assert.equal(result.output, '2006-01-02 xxxxx');
  assert.deepEqual(result.spans[0].origin, { kind: 'computed', reason: 'unsupported: date' });
  assert.deepEqual(result.spans[2].origin, { kind: 'computed', reason: 'unsupported: randAlphaNum' });
});

test('limits: steps, include depth and output size give a limit error, not a hang or a crash', () => {
  const endless = '{{ range $i := until 100000 }}{{ range $j := until 100000 }}x{{ end }}{{ end }}';
  const loop = new TemplateSet([{ name: 't', text: endless }]).render('t', data({}), { maxSteps: 100000 });
  assert.equal(loop.error?.kind, 'limit');
  assert.match(loop.error?.message ?? '', /evaluation stopped after 100000 steps/);
  const recursive = new TemplateSet([{ name: 't', text: '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' }]).render('t', data({}));
  assert.equal(recursive.error?.kind, 'limit');
  const shallow = new TemplateSet([{ name: 't', text: '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' }]).render('t', data({}), { maxIncludeDepth: 5 });
  assert.equal(shallow.error?.kind, 'limit');
  const huge = render('{{ range until 1000 }}{{ repeat 1000 "x" }}{{ end }}');
  assert.equal(huge.error, null);
  const capped = new TemplateSet([{ name: 't', text: '{{ range until 1000 }}{{ repeat 1000 "x" }}{{ end }}' }]).render('t', data({}), { maxOutputLength: 10000 });
  assert.equal(capped.error?.kind, 'limit');
});

test('Helm define order: a parent chart overrides a subchart; at one depth the alphabetically first file wins', () => {
  const set = new TemplateSet([
    { name: 'parent/charts/sub/templates/_helpers.tpl', text: '{{ define "name" }}sub{{ end }}{{ define "onlysub" }}S{{ end }}' },
    { name: 'parent/templates/_b.tpl', text: '{{ define "name" }}b{{ end }}{{ define "ab" }}b{{ end }}' },
    { name: 'parent/templates/_a.tpl', text: '{{ define "ab" }}a{{ end }}' },
    { name: 'parent/templates/t.yaml', text: '{{ include "name" . }} {{ include "ab" . }} {{ include "onlysub" . }}' },
  ]);
  assert.equal(outcome(set.render('parent/templates/t.yaml', data({}))), 'b a S');
  assert.equal(set.sourceOf('ab'), 'parent/templates/_a.tpl');
});

test('Capabilities and Files helpers behave like Helm objects', () => {
  const result = render('{{ if .Capabilities.APIVersions.Has "apps/v1" }}yes{{ end }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion }} {{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion }} {{ .Files.Get "conf/a.txt" }}[{{ .Files.Get "none" }}] {{ .Files.Lines "conf/a.txt" }}', {}, {
    data: { Capabilities: { APIVersions: apiVersionSet(['v1', 'apps/v1']), KubeVersion: kubeVersion('v1.30.0') }, Files: { 'conf/a.txt': 'l1\nl2\n' } },
  });
  assert.equal(outcome(result), 'yes v1.30.0 v1.30.0 true l1\nl2\n[] [l1 l2]');
});

test('lookup returns an empty map; fromYaml errors land in .Error like Helm', () => {
  assert.equal(outcome(render('{{ $s := lookup "v1" "Secret" "ns" "name" }}{{ len $s }} {{ if $s }}found{{ else }}none{{ end }}')), '0 none');
});

test('arbitrary template text never throws: it renders or returns a typed error', () => {
  const alphabet = ['{{', '}}', '{{-', '-}}', ' ', '.', '.Values', '.a', '$', '$x', ':=', '=', '|', '(', ')', '"s"', '`r`', "'c'", '1', '-2', '3.5', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'include', 'default', 'printf', 'toYaml', 'tpl', 'nil', 'true', '/*', '*/', '\n', 'x', ','];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const set = new TemplateSet([{ name: 't', text }]);
      const result = set.render('t', data({ a: { b: 'c' }, list: [1, 2] }), { maxSteps: 10000 });
      assert.ok(result.error === null || ['parse', 'exec', 'fail', 'unsupported', 'limit'].includes(result.error.kind));
    }),
    { numRuns: 3000 },
  );
});

test('Go objects serialize as their fields', () => {
  const result = render('{{ toJson .Capabilities.KubeVersion }}\n{{ toYaml .Capabilities.KubeVersion }}', {}, { data: { Capabilities: { KubeVersion: kubeVersion('v1.30.2') } } });
  assert.equal(outcome(result), '{"Version":"v1.30.2","Major":"1","Minor":"30"}\nMajor: "1"\nMinor: "30"\nVersion: v1.30.2');
});

test('one top-level map per values object: set $ "Values" in one template is seen by the next (Istio profiles)', () => {
  const set = new TemplateSet([
    { name: 'c/templates/zzz_profile.yaml', text: '{{- $merged := mergeOverwrite (dict "image" "default") $.Values }}{{- $_ := set $ "Values" $merged }}' },
    { name: 'c/templates/deployment.yaml', text: 'image: {{ .Values.image }} {{ .Template.Name }}' },
  ]);
  const values = { replicas: 1 };
  for (const name of ['c/templates/zzz_profile.yaml', 'c/templates/deployment.yaml']) {
    assert.equal(set.render(name, data(values, { Template: { Name: name, BasePath: 'c/templates' } })).error, null);
  }
  assert.equal(set.render('c/templates/deployment.yaml', data(values, { Template: { Name: 'c/templates/deployment.yaml', BasePath: 'c/templates' } })).output, 'image: default c/templates/deployment.yaml');
  assert.equal(set.render('c/templates/deployment.yaml', data({ image: 'other' })).output, 'image: other t');
});

test('deep nesting is a typed error, not a crash', () => {
  const deepTemplate = '{{ if true }}'.repeat(20000) + 'x' + '{{ end }}'.repeat(20000);
  const set = new TemplateSet([{ name: 't', text: deepTemplate }]);
  const result = set.render('t', data({}));
  assert.ok(result.error !== null && ['parse', 'limit'].includes(result.error.kind));
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 50000; i++) {
    deep.a = {};
    deep = deep.a as Record<string, unknown>;
  }
  const yaml = render('{{ toYaml .Values }}', root);
  assert.equal(yaml.error?.kind, 'limit');
});
