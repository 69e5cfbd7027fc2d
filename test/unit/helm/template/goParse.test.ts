/**
 * Parse errors from Go's src/text/template/parse/parse_test.go (errorTests) and
 * lex_test.go: each input must fail to parse with a message containing Go's text.
 * Also: trim markers and comments as lex_test.go defines them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateSet } from '../../../../server/src/core/helm/template';
import { outcome, render } from './render';

const errorTests: [name: string, input: string, message: string][] = [
  ['unclosed1', 'line1\n{{', 'unclosed action'],
  ['unclosed2', 'line1\n{{define `x`}}line2\n{{', 'unclosed action'],
  ['unclosed3', 'line1\n{{"x"\n"y"\n', 'unclosed action'],
  ['var1', 'line1\n{{\nx\n}}', 'function "x" not defined'],
  ['function', '{{foo}}', 'function "foo" not defined'],
  ['comment1', '{{/*}}', 'unclosed comment'],
  ['comment2', '{{/*\nhello\n}}', 'unclosed comment'],
  ['lparen', '{{.X (1 2 3}}', 'unclosed left paren'],
  ['rparen', '{{.X 1 2 3 ) }}', 'unexpected right paren'],
  ['rparen2', '{{(.X 1 2 3', 'unclosed action'],
  ['space', '{{`x`3}}', 'in operand'],
  ['idchar', '{{a#}}', "'#'"],
  ['charconst', "{{'a}}", 'unterminated character constant'],
  ['stringconst', '{{"a}}', 'unterminated quoted string'],
  ['rawstringconst', '{{`a}}', 'unterminated raw quoted string'],
  ['number', '{{0xi}}', 'number syntax'],
  ['multidefine', '{{define `a`}}a{{end}}{{define `a`}}b{{end}}', 'multiple definition of template'],
  ['eof', '{{range .X}}', 'unexpected EOF'],
  ['variable', '{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}', 'unexpected ":="'],
  ['multidecl', '{{$a,$b,$c := 23}}', 'too many declarations'],
  ['undefvar', '{{$a}}', 'undefined variable'],
  ['wrongdot', '{{true.any}}', 'unexpected . after term'],
  ['wrongpipeline', '{{12|false}}', 'non executable command in pipeline'],
  ['emptypipeline', '{{ ( ) }}', 'missing value for parenthesized pipeline'],
  ['multilinerawstring', '{{ $v := `\n` }} {{', 'unclosed action'],
  ['rangeundefvar', '{{range $k}}{{end}}', 'undefined variable'],
  ['rangeundefvars', '{{range $k, $v}}{{end}}', 'undefined variable'],
  ['rangemissingvalue1', '{{range $k,}}{{end}}', 'missing value for range'],
  ['rangemissingvalue2', '{{range $k, $v := }}{{end}}', 'missing value for range'],
  ['rangenotvariable1', '{{range $k, .}}{{end}}', 'range can only initialize variables'],
  ['rangenotvariable2', '{{range $k, 123 := .}}{{end}}', 'range can only initialize variables'],
  // Further checks of parse.go.
  ['end outside', '{{end}}', 'unexpected {{end}}'],
  ['else outside', 'a{{else}}b', 'unexpected {{else}}'],
  ['break outside range', '{{if true}}{{break}}{{end}}', '{{break}} outside {{range}}'],
  ['continue outside range', '{{continue}}', '{{continue}} outside {{range}}'],
  ['if without pipeline', '{{if}}x{{end}}', 'missing value for if'],
  ['comment not closing the action', '{{/* c */ .X}}', 'comment ends before closing delimiter'],
  ['template name not a string', '{{template .X}}', 'in template clause'],
  ['undefined function env (Helm removes it)', '{{ env "HOME" }}', 'function "env" not defined'],
  ['variables do not leak out of if', '{{if $x := 1}}{{end}}{{$x}}', 'undefined variable "$x"'],
  ['define sees only $', '{{$x := 1}}{{define "d"}}{{$x}}{{end}}', 'undefined variable "$x"'],
];

test('parse_test.go errorTests', () => {
  for (const [name, input, message] of errorTests) {
    const set = new TemplateSet([{ name: 't', text: input }]);
    assert.equal(set.parseErrors.length, 1, `${name}: expected a parse error`);
    assert.ok(set.parseErrors[0].message.includes(message), `${name}: ${JSON.stringify(set.parseErrors[0].message)} does not contain ${JSON.stringify(message)}`);
    assert.equal(set.render('t', { Values: {}, Chart: {}, Release: {}, Capabilities: {}, Template: { Name: 't', BasePath: '' } }).error?.kind, 'parse', name);
  }
});

test('a parse error is located at its offset in the right file', () => {
  const set = new TemplateSet([
    { name: 'c/templates/ok.yaml', text: 'fine' },
    { name: 'c/templates/bad.yaml', text: 'a: 1\nb: {{ .Values.x | nosuchfn }}' },
  ]);
  assert.deepEqual(set.parseErrors, [{ template: 'c/templates/bad.yaml', offset: 23, message: 'function "nosuchfn" not defined', kind: 'parse' }]);
  assert.equal(outcome(set.render('c/templates/ok.yaml', { Values: {}, Chart: {}, Release: {}, Capabilities: {}, Template: { Name: 'x', BasePath: '' } })), 'fine');
});

test('lex_test.go: trim markers, comments, spaces inside actions', () => {
  const cases: [string, string][] = [
    ['x \r\n\t{{- 3 -}} \n\t y', 'x3y'],
    ['x {{- 3}} y', 'x3 y'],
    ['x {{3 -}} y', 'x 3y'],
    ['x {{-3}} y', 'x -3 y'],
    ['x {{- /* comment */ -}} y', 'xy'],
    ['x {{- /* comment */}} y', 'x y'],
    ['x {{/* comment */ -}} y', 'x y'],
    ['{{- "a" -}}\n\n{{- "b" }}', 'ab'],
    ['{{ "a"\n  | upper }}', 'A'],
    ['a{{/* multi\nline\ncomment */}}b', 'ab'],
    ['{{"}}"}}', '}}'],
    ['{{`{{`}}', '{{'],
  ];
  for (const [input, expected] of cases) {
    assert.equal(outcome(render(input)), expected, JSON.stringify(input));
  }
});
