/**
 * Differential tests: each snippet is rendered by the real `helm template` (v4.1.4) and by
 * this engine with the same values; the outputs must be equal. Covers what is easiest to
 * get subtly wrong: Go's fmt (floats from values, %v of maps and slices, %q, %d of a
 * float64), toYaml/toJson, semverCompare constraints, RE2 regexes, and Sprig's string,
 * list and dict functions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateSet } from '../../../../server/src/core/helm/template';
import { oracleSkipReason } from '../../../oracles/oracles';
import { helmRender } from './helmOracle';
import { data } from './render';

const values = {
  tag: 1.1,
  intLike: 3,
  big: 1000000,
  bigger: 1234567.5,
  tiny: 0.00001,
  neg: -2.5,
  name: 'my-app',
  image: { repository: 'nginx', tag: '1.25.3', registry: 'docker.io', digest: '' },
  list: ['b', 'a', 'c', 'a'],
  nums: [3, 1, 2],
  map: { z: 1, a: 'x', m: [1, 'two'], n: { deep: true } },
  empty: '',
  nil: null,
  flag: false,
  long: 'a long string with spaces that goes on and on and on and on and on and on and on and on and on and on',
  multi: 'line1\nline2\n',
  special: { star: '*.example.com', colon: 'a: b', yes: 'yes', num: '1.0', hash: 'a #b', lead: ' x', tab: 'a\tb', quote: "it's", empty: '', date: '2024-01-02', octal: '0755' },
  resources: { limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: 0.5 } },
  env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
};

const snippets = [
  // fmt
  '{{ .Values.tag }} {{ .Values.intLike }} {{ .Values.big }} {{ .Values.bigger }} {{ .Values.tiny }} {{ .Values.neg }}',
  '{{ printf "%v|%s|%d|%q|%x|%5.2f|%-4s|%04d" .Values.tag .Values.name .Values.intLike .Values.name 255 3.14159 "ab" 42 }}',
  '{{ printf "%v" .Values.map }} {{ printf "%v" .Values.list }} {{ .Values.nums }} {{ .Values.map }}',
  '{{ printf "%s %s" "only-one" }} {{ printf "%d" "str" }} {{ printf "x" 1 2 }}',
  '{{ print 1 2 "a" "b" 3 }} {{ print .Values.nil }} [{{ .Values.nil }}] [{{ .Values.missing }}]',
  '{{ printf "%T %T %T %T %T" .Values.tag .Values.name .Values.list .Values.map 3 }}',
  '{{ 1e6 }} {{ 3.0 }} {{ 100000.0 }} {{ 1e-4 }} {{ 1e-5 }} {{ 12345678.0 }}',
  // strings
  '{{ .Values.name | upper }} {{ "Hello World" | lower }} {{ "hello world-foo_bar" | title }} {{ "  x  " | trim }}|',
  '{{ trimPrefix "my-" .Values.name }} {{ trimSuffix "-app" .Values.name }} {{ trimAll "$" "$5.00$" }} {{ nospace " a b c " }}',
  '{{ replace "-" "_" .Values.name }} {{ contains "app" .Values.name }} {{ hasPrefix "my" .Values.name }} {{ hasSuffix "x" .Values.name }}',
  '{{ quote .Values.name 3 .Values.nil }} {{ squote .Values.name }} {{ cat "a" 1 .Values.nil "b" }} {{ quote "a\\"b\\n" }}',
  '{{ "abc\\ndef" | indent 2 }}|{{ "abc\\ndef" | nindent 4 }}',
  '{{ trunc 5 "hello world" }} {{ trunc -5 "hello world" }} {{ substr 1 3 "hello" }} {{ repeat 3 "ab" }} {{ abbrev 5 "hello world" | default "x" }}',
  '{{ split "-" .Values.name }} {{ splitList "-" .Values.name }} {{ splitn "-" 2 "a-b-c" }} {{ join "," .Values.list }} {{ join "+" .Values.nums }}',
  '{{ toString 3 }} {{ toString .Values.tag }} {{ atoi "42" }} {{ int "7" }} {{ int64 3.9 }} {{ float64 "1.5" }} {{ int .Values.big }}',
  // defaults
  '{{ default "d" .Values.empty }} {{ default "d" .Values.name }} {{ default "d" .Values.missing }} {{ default 5 0 }} {{ empty .Values.list }} {{ empty .Values.flag }}',
  '{{ coalesce .Values.empty .Values.nil "c" }} {{ ternary "yes" "no" .Values.flag }} {{ ternary "yes" "no" true }}',
  // lists
  '{{ list 1 "a" 2.5 }} {{ first .Values.list }} {{ last .Values.list }} {{ rest .Values.list }} {{ initial .Values.list }} {{ uniq .Values.list }}',
  '{{ without .Values.list "a" }} {{ has "a" .Values.list }} {{ has "q" .Values.list }} {{ append .Values.list "z" }} {{ prepend .Values.list "z" }} {{ concat .Values.list (list 1 2) }}',
  '{{ sortAlpha .Values.list }} {{ reverse .Values.list }} {{ compact (list "" "a" 0 1 .Values.nil) }} {{ slice .Values.list 1 3 }} {{ until 3 }} {{ untilStep 0 10 3 }}',
  // dicts
  '{{ $d := dict "b" 2 "a" 1 }}{{ $d }} {{ get $d "a" }} [{{ get $d "q" }}] {{ hasKey $d "b" }} {{ keys $d | sortAlpha }} {{ $_ := set $d "c" 3 }}{{ $d }} {{ unset $d "a" }}',
  '{{ $a := dict "x" (dict "y" 1 "z" 2) "k" "" }}{{ $b := dict "x" (dict "y" 9 "w" 3) "k" "v" "n" 1 }}{{ merge $a $b }} {{ $c := dict "x" (dict "y" 1) }}{{ mergeOverwrite $c $b }}',
  '{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }} {{ pick (dict "a" 1 "b" 2) "a" }} {{ omit (dict "a" 1 "b" 2) "a" }} {{ dig "a" "b" "def" (dict "a" (dict "b" "found")) }} {{ deepCopy .Values.map }}',
  // math
  '{{ add 1 2 3 }} {{ sub 10 3 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ min 4 2 8 }} {{ add1 .Values.intLike }} {{ add .Values.tag 1 }}',
  '{{ addf 1.5 2 }} {{ subf 5 1.5 }} {{ mulf 1.5 2 }} {{ divf 10 4 }} {{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}',
  // reflection
  '{{ kindOf .Values.map }} {{ kindOf .Values.list }} {{ kindOf .Values.tag }} {{ kindOf "s" }} {{ kindIs "string" .Values.name }} {{ typeOf .Values.nil }} {{ typeIs "float64" .Values.intLike }} {{ deepEqual (list 1 2) (list 1 2) }}',
  // semver
  '{{ semverCompare ">=1.21-0" "v1.30.2" }} {{ semverCompare ">=1.21-0" "1.20.5-gke.100" }} {{ semverCompare "^1.2.3" "1.9.0" }} {{ semverCompare "^1.2.3" "2.0.0" }} {{ semverCompare "~1.2.3" "1.2.9" }} {{ semverCompare "~1.2.3" "1.3.0" }}',
  '{{ semverCompare "1.2 - 1.4" "1.3.5" }} {{ semverCompare "<1.19 || >=1.25" "1.22.0" }} {{ semverCompare ">=1.19, <1.25" "1.22.0" }} {{ semverCompare "1.x" "1.9.9" }} {{ semverCompare "^0.2.3" "0.2.9" }} {{ semverCompare "^0.2.3" "0.3.0" }}',
  '{{ semverCompare ">1.2" "1.2.5" }} {{ semverCompare ">1.2" "1.3.0" }} {{ semverCompare "<=1.2" "1.2.9" }} {{ semverCompare "!=1.2.3" "1.2.3" }} {{ semverCompare "*" "1.0.0-alpha" }} {{ semverCompare ">=1.2.3-beta.2" "1.2.3-beta.10" }}',
  '{{ (semver "1.2.3-alpha+meta").Major }} {{ (semver "v2.3").Minor }} {{ semver "1.2.3-rc.1" }} {{ (semver "1.2.3").Prerelease }}|',
  // regex
  '{{ regexMatch "^[a-z]+-[a-z]+$" .Values.name }} {{ regexFind "[0-9]+" "abc123def456" }} {{ regexFindAll "[0-9]" "a1b2c3" -1 }} {{ regexFindAll "[0-9]" "a1b2c3" 2 }}',
  '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }} {{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }} {{ regexReplaceAll "a*" "baaac" "X" }}',
  '{{ regexSplit "z+" "pizza" -1 }} {{ regexSplit "z+" "pizza" 2 }} {{ regexSplit "" "abc" -1 }} {{ regexQuoteMeta "1.2.3[x]" }} {{ regexMatch "\\\\d+\\\\s" "12 " }} {{ regexReplaceAll "(?i)NGINX" "nginx:1" "app" }}',
  '{{ regexReplaceAll ":.*$" "repo/img:1.2@sha256:abc" "" }} {{ regexFind "(?P<v>[0-9.]+)" "v1.2.3" }} {{ regexReplaceAll "(?P<first>\\\\w+)-(?P<second>\\\\w+)" "ab-cd" "$second.$first" }}',
  // encoding
  '{{ b64enc "hello world" }} {{ b64dec "aGVsbG8gd29ybGQ=" }} {{ b32enc "hi" }} {{ sha256sum "hello" }} {{ sha1sum "hello" }} {{ adler32sum "hello" }} {{ b64dec "!!" }}',
  // serialization
  '{{ toYaml .Values.resources }}\n---\n{{ toYaml .Values.env }}\n---\n{{ toYaml .Values.map }}',
  '{{ toYaml .Values.special }}',
  '{{ toYaml .Values.long }}\n{{ toYaml (dict "k" .Values.long "m" .Values.multi "l" (list .Values.multi)) }}',
  '{{ toYaml (list) }} {{ toYaml (dict) }} {{ toYaml .Values.nil }} {{ toYaml 3 }} {{ toYaml .Values.big }} {{ toYaml .Values.bigger }} {{ toYaml (list (list 1 2) (dict)) }}',
  '{{ toJson .Values.map }} {{ toJson .Values.special }} {{ toJson (dict "h" "<a&b>") }} {{ toRawJson (dict "h" "<a&b>") }} {{ toJson .Values.bigger }} {{ toJson .Values.tiny }}',
  '{{ toPrettyJson .Values.resources }}',
  '{{ $m := fromYaml "a: 1\\nb: [x, y]\\nc: {d: true}" }}{{ $m.a }} {{ $m.b }} {{ $m.c.d }} {{ (fromJson "{\\"x\\": 1.5}").x }} {{ (fromYaml "- a").Error }}',
  // YAML 1.1's !!binary: the decoded bytes as a string.
  '{{ (fromYaml "a: !!binary aGVsbG8=").a }} {{ (fromYaml "a: !!binary aGVsbG8=").a | toJson }}',
  // paths, control flow, include/tpl
  '{{ base "a/b/c.yaml" }} {{ dir "a/b/c.yaml" }} {{ ext "c.tar.gz" }} {{ clean "a//b/../c/" }} {{ isAbs "/x" }}',
  '{{ include "helper" .Values.image }}|{{ tpl "{{ .Values.name }}-{{ .Values.tag }}" . }}|{{ include "helper" .Values.image | quote }}',
  '{{- range $k, $v := .Values.map }}\n{{ $k }}={{ $v }}\n{{- end }}\n{{ range $i, $e := .Values.list }}{{ $i }}{{ $e }}{{ end }}',
  '{{ with .Values.image }}{{ .registry }}/{{ .repository }}{{ if .digest }}@{{ .digest }}{{ else }}:{{ .tag }}{{ end }}{{ end }}',
  // conversions and formatting corner cases charts hit
  '{{ int "08" }} {{ int "1e3" }} {{ int64 "12.0" }} {{ float64 "x" }} {{ toString 1e6 }} {{ toString .Values.big }} {{ quote 1.5 }} {{ quote .Values.big }} {{ printf "%.2f %.1f %.0f %.0f %.3e %.2e %.3g %.1g %5.1f|%-6.2f|%+.1f" 1.005 2.25 2.5 3.5 123456.789 0.000125 2.0005 0.05 9.96 1.5 2.25 }}',
  '{{ $x := list }}{{ $x = append $x 1 }}{{ $x = append $x "b" }}{{ $x }} {{ default (list "d") .Values.missing }} {{ hasKey .Values "name" }} {{ index .Values.special "star" }}',
  '{{ eq .Values.name "my-app" }} {{ ne .Values.image.repository "nginx" }} {{ eq .Values.missing nil }} {{ semverCompare ">=1.20.0-0" "v1.35.0+k3s1" }} {{ semverCompare ">=1.20.0" "v1.35.0-eks-1234" }} {{ semverCompare "<1.21.0-0" "1.20.15-gke.1000" }}',
  '{{ regexReplaceAll "[^a-z0-9-]" (lower "My_App.Name") "-" | trunc 63 | trimSuffix "-" }} {{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }} {{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} {{ .Chart.Version }}',
  'env:\n{{- range .Values.env }}\n  - name: {{ .name }}\n{{- if .value }}\n    value: {{ .value | quote }}\n{{- else }}\n    valueFrom:\n{{ toYaml .valueFrom | indent 6 }}\n{{- end }}\n{{- end }}\nresources: {{- toYaml .Values.resources | nindent 2 }}',
  '{{ printf "%v %v %v" (list) (dict) (list (dict "a" (list 1))) }} {{ print (list "a" 1) }} {{ printf "%q" (list "a" "b") }} {{ printf "%s" (dict "k" 1) }} {{ printf "%d" (list 1 2) }}',
  '{{ tpl "{{ .Values.name }}:{{ .Chart.Name }}" . }} {{ tpl (toYaml .Values.image) . | nindent 2 }}',
];

const helpers = '{{- define "helper" -}}{{ .registry }}/{{ .repository }}:{{ .tag | default "latest" }}{{- end -}}';

function engineRender(template: string): string {
  const set = new TemplateSet([
    { name: 'c/templates/t.yaml', text: template },
    { name: 'c/templates/_helpers.tpl', text: helpers },
  ]);
  const result = set.render('c/templates/t.yaml', data(values, { Release: { Name: 'x', Namespace: 'default', Service: 'Helm' }, Chart: { Name: 'c', Version: '0.1.0', AppVersion: '1.0' }, Template: { Name: 'c/templates/t.yaml', BasePath: 'c/templates' } }));
  return result.error === null ? result.output : `ERROR(${result.error.kind}): ${result.error.message}`;
}

const trimEnd = (s: string) => s.replace(/\n+$/, '');

test('snippets render exactly as helm template renders them', { skip: oracleSkipReason() }, () => {
  const expected = helmRender({ templates: snippets, values, files: { '_helpers.tpl': helpers } });
  const mismatches: string[] = [];
  snippets.forEach((snippet, i) => {
    const got = trimEnd(engineRender(snippet));
    if (got !== trimEnd(expected[i])) {
      mismatches.push(`${snippet}\n  helm:   ${JSON.stringify(trimEnd(expected[i]))}\n  engine: ${JSON.stringify(got)}`);
    }
  });
  assert.deepEqual(mismatches, []);
});
