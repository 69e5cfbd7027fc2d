/**
 * Cases from Go's src/text/template/exec_test.go (execTests, cmpTests, TestInterfaceValues,
 * TestBlock, TestMaxExecDepth), for the data shapes templates meet in Helm: maps, slices,
 * strings, numbers, bools, nil (method calls, channels, complex numbers and Go structs do
 * not apply). Ints are bigint here, floats number. Expected outputs are Helm's: with
 * missingkey=zero and "<no value>" erased, where Go prints "<no value>" Helm prints "".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateSet } from '../../../../server/src/core/helm/template';
import { data, outcome } from './render';

const tVal = {
  X: 'x',
  U: { V: 'v' },
  I: 17n,
  MSI: { one: 1n, two: 2n, three: 3n },
  MSIone: { one: 1n },
  MSIEmpty: {},
  MXI: { one: 1n },
  SI: [3n, 4n, 5n],
  SIEmpty: [],
  SB: [true, false],
  SMSI: [
    { one: 1n, two: 2n },
    { eleven: 11n, twelve: 12n },
  ],
  Empty0: null,
  Empty1: 3n,
  Empty2: 'empty2',
  Empty3: [7n, 8n],
  FloatZero: 0,
  True: true,
};

/** Renders `text` with `dot` as the whole data (not .Values), like Go's Execute. */
function exec(text: string, dot: unknown): string {
  const set = new TemplateSet([{ name: 't', text }]);
  if (set.parseErrors.length > 0) {
    return `ERROR(parse): ${set.parseErrors[0].message}`;
  }
  // render() builds Helm's top-level object; to execute with an arbitrary dot, call through `template`.
  const wrapper = new TemplateSet([
    { name: 'w', text: '{{template "t" .Values.dot}}' },
    { name: 't', text },
  ]);
  return outcome(wrapper.render('w', data({ dot })));
}

// [name, template, expected output or null for an error, data]
const execTests: [string, string, string | null, unknown][] = [
  ['empty', '', '', null],
  ['text', 'some text', 'some text', null],
  ['nil action', '{{nil}}', null, null],
  ['ideal int', '{{typeOf 3}}', 'int', 0n],
  ['ideal float', '{{typeOf 1.0}}', 'float64', 0n],
  ['ideal exp float', '{{typeOf 1e1}}', 'float64', 0n],
  ['ideal int hex max', '{{typeOf 0x7fffffffffffffff}}', 'int', 0n],
  ['ideal too big', '{{typeOf 0x8000000000000000}}', null, 0n],
  ['.X', '-{{.X}}-', '-x-', tVal],
  ['.U.V', '-{{.U.V}}-', '-v-', tVal],
  ['map .one', '{{.MSI.one}}', '1', tVal],
  ['map .two', '{{.MSI.two}}', '2', tVal],
  ['map .NO (Helm erases <no value>)', '{{.MSI.NO}}', '', tVal],
  ['map .one interface', '{{.MXI.one}}', '1', tVal],
  ['map .WRONG args', '{{.MSI.one 1}}', null, tVal],
  ['dot int', '<{{.}}>', '<13>', 13n],
  ['dot float', '<{{.}}>', '<15.1>', 15.1],
  ['dot bool', '<{{.}}>', '<true>', true],
  ['dot string', '<{{.}}>', '<hello>', 'hello'],
  ['dot slice', '<{{.}}>', '<[-1 -2 -3]>', [-1n, -2n, -3n]],
  ['dot map', '<{{.}}>', '<map[two:22]>', { two: 22n }],
  ['$ int', '{{$}}', '123', 123n],
  ['$.I', '{{$.I}}', '17', tVal],
  ['$.U.V', '{{$.U.V}}', 'v', tVal],
  ['declare in action', '{{$x := $.U.V}}{{$x}}', 'v', tVal],
  ['empty nil', '{{.Empty0}}', '', tVal],
  ['empty with int', '{{.Empty1}}', '3', tVal],
  ['empty with string', '{{.Empty2}}', 'empty2', tVal],
  ['empty with slice', '{{.Empty3}}', '[7 8]', tVal],
  ['parens in pipeline', '{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}', '1 5 15', tVal],
  ['parens: $ in paren', '{{($).X}}', 'x', tVal],
  ['parens: spaces and args', '{{(dict "up" "down" "left" "right").left}}', 'right', tVal],
  ['if true', '{{if true}}TRUE{{end}}', 'TRUE', tVal],
  ['if false', '{{if false}}TRUE{{else}}FALSE{{end}}', 'FALSE', tVal],
  ['if nil', '{{if nil}}TRUE{{end}}', null, tVal],
  ['if 1', '{{if 1}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO', tVal],
  ['if 0', '{{if 0}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal],
  ['if 1.5', '{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO', tVal],
  ['if 0.0', '{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal],
  ['if emptystring', '{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['if string', '{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal],
  ['if emptyslice', '{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['if slice', '{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal],
  ['if emptymap', '{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['if map', '{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal],
  ['if map unset', '{{if .MXI.none}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal],
  ['if map not unset', '{{if not .MXI.none}}ZERO{{else}}NON-ZERO{{end}}', 'ZERO', tVal],
  ['if $x with $y int', '{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}', 'true,17', tVal],
  ['if $x with $x int', '{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}', '17,true', tVal],
  ['if else if', '{{if false}}FALSE{{else if true}}TRUE{{end}}', 'TRUE', tVal],
  ['if else chain', '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', '3', tVal],
  ['print', '{{print "hello, print"}}', 'hello, print', tVal],
  ['print 123', '{{print 1 2 3}}', '1 2 3', tVal],
  ['print nil', '{{print nil}}', '<nil>', tVal],
  ['println', '{{println 1 2 3}}', '1 2 3\n', tVal],
  ['printf int', '{{printf "%04x" 127}}', '007f', tVal],
  ['printf float', '{{printf "%g" 3.5}}', '3.5', tVal],
  ['printf string', '{{printf "%s" "hello"}}', 'hello', tVal],
  ['printf field', '{{printf "%s" .U.V}}', 'v', tVal],
  ['printf dot', '{{with .I}}{{printf "%d" .}}{{end}}', '17', tVal],
  ['printf var', '{{with $x := .I}}{{printf "%d" $x}}{{end}}', '17', tVal],
  ['printf lots', '{{printf "%d %s %g %s" 127 "hello" 7.5 .X}}', '127 hello 7.5 x', tVal],
  ['html', '{{html "<script>alert(\\"XSS\\");</script>"}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null],
  ['html pipeline', '{{printf "<script>alert(\\"XSS\\");</script>" | html}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null],
  ['js', '{{js .}}', "It\\'d be nice.", "It'd be nice."],
  ['urlquery', '{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F', null],
  ['not', '{{not true}} {{not false}}', 'false true', null],
  ['and', '{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1', null],
  ['or', '{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1', null],
  ['boolean if', '{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}', 'TRUE', tVal],
  ['boolean if not', '{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}', 'FALSE', null],
  ['and short-circuits', '{{and false (fail "evaluated")}}', 'false', null],
  ['or short-circuits', '{{or true (fail "evaluated")}}', 'true', null],
  ['slice[0]', '{{index .SI 0}}', '3', tVal],
  ['slice[1]', '{{index .SI 1}}', '4', tVal],
  ['slice[HUGE]', '{{index .SI 10}}', null, tVal],
  ['slice[WRONG]', '{{index .SI `hello`}}', null, tVal],
  ['slice[nil]', '{{index .SI nil}}', null, tVal],
  ['map[one]', '{{index .MSI `one`}}', '1', tVal],
  ['map[two]', '{{index .MSI `two`}}', '2', tVal],
  ['map[NO] (interface map: nil, erased)', '{{index .MSI `XXX`}}', '', tVal],
  ['map[nil]', '{{index .MSI nil}}', null, tVal],
  ['map[WRONG]', '{{index .MSI 10}}', null, tVal],
  ['double index', '{{index .SMSI 1 `eleven`}}', '11', tVal],
  ['nil[1]', '{{index nil 1}}', null, tVal],
  ['len slice', '{{len .SI}}', '3', tVal],
  ['len map', '{{len .MSI }}', '3', tVal],
  ['len of int', '{{len 3}}', null, tVal],
  ['len of nothing', '{{len .Empty0}}', null, tVal],
  ['len of string counts bytes', '{{len "héllo"}}', '6', tVal],
  ['with true', '{{with true}}{{.}}{{end}}', 'true', tVal],
  ['with false', '{{with false}}{{.}}{{else}}FALSE{{end}}', 'FALSE', tVal],
  ['with 1', '{{with 1}}{{.}}{{else}}ZERO{{end}}', '1', tVal],
  ['with 0', '{{with 0}}{{.}}{{else}}ZERO{{end}}', 'ZERO', tVal],
  ['with 1.5', '{{with 1.5}}{{.}}{{else}}ZERO{{end}}', '1.5', tVal],
  ['with 0.0', '{{with .FloatZero}}{{.}}{{else}}ZERO{{end}}', 'ZERO', tVal],
  ['with emptystring', '{{with ``}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['with string', '{{with `notempty`}}{{.}}{{else}}EMPTY{{end}}', 'notempty', tVal],
  ['with emptyslice', '{{with .SIEmpty}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['with slice', '{{with .SI}}{{.}}{{else}}EMPTY{{end}}', '[3 4 5]', tVal],
  ['with emptymap', '{{with .MSIEmpty}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['with map', '{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}', 'map[one:1]', tVal],
  ['with $x int', '{{with $x := .I}}{{$x}}{{end}}', '17', tVal],
  ['with $x struct.U.V', '{{with $x := $}}{{$x.U.V}}{{end}}', 'v', tVal],
  ['with variable and action', '{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}', 'v', tVal],
  ['else with', '{{with .Empty0}}A{{else with .X}}{{.}}{{end}}', 'x', tVal],
  ['range []int', '{{range .SI}}-{{.}}-{{end}}', '-3--4--5-', tVal],
  ['range empty no else', '{{range .SIEmpty}}-{{.}}-{{end}}', '', tVal],
  ['range []int else', '{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}', '-3--4--5-', tVal],
  ['range empty else', '{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['range []bool', '{{range .SB}}-{{.}}-{{end}}', '-true--false-', tVal],
  ['range map (sorted keys)', '{{range .MSI}}-{{.}}-{{end}}', '-1--3--2-', tVal],
  ['range empty map no else', '{{range .MSIEmpty}}-{{.}}-{{end}}', '', tVal],
  ['range map else', '{{range .MSI}}-{{.}}-{{else}}EMPTY{{end}}', '-1--3--2-', tVal],
  ['range empty map else', '{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY', tVal],
  ['range empty interface', '{{range .Empty3}}-{{.}}-{{else}}EMPTY{{end}}', '-7--8-', tVal],
  ['range empty nil', '{{range .Empty0}}-{{.}}-{{end}}', '', tVal],
  ['range $x SI', '{{range $x := .SI}}<{{$x}}>{{end}}', '<3><4><5>', tVal],
  ['range $x $y SI', '{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', '<0=3><1=4><2=5>', tVal],
  ['range $x MSIone', '{{range $x := .MSIone}}<{{$x}}>{{end}}', '<1>', tVal],
  ['range $x $y MSIone', '{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}', '<one=1>', tVal],
  ['declare in range', '{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}', '<3><4><5>', tVal],
  ['range int', '{{range $i := 3}}{{$i}}{{end}}', '012', tVal],
  ['range int two vars', '{{range $i, $j := 3}}{{$i}}{{end}}', null, tVal],
  ['range string', '{{range "abc"}}{{.}}{{end}}', null, tVal],
  ['range break', '{{range .SI}}{{if eq . 4}}{{break}}{{end}}-{{.}}-{{end}}', '-3-', tVal],
  ['range continue', '{{range .SI}}{{if eq . 4}}{{continue}}{{end}}-{{.}}-{{end}}', '-3--5-', tVal],
  ['assign in range', '{{$s := 0}}{{range .SI}}{{$s = add $s .}}{{end}}{{$s}}', '12', tVal],
  ['or as if true', '{{or .SI "slice is empty"}}', '[3 4 5]', tVal],
  ['or as if false', '{{or .SIEmpty "slice is empty"}}', 'slice is empty', tVal],
  ['bug0 $ in range', '{{range .MSIone}}{{if $.X}}X{{end}}{{end}}', 'X', tVal],
  ['bug7a', '{{3 2}}', null, tVal],
  ['bug7b', '{{$x := 1}}{{$x 2}}', null, tVal],
  ['bug7c', '{{$x := 1}}{{3 | $x}}', null, tVal],
  ['bug8a', '{{3|upper}}', null, tVal],
  ['bug9', '{{.cause}}', 'neglect', { cause: 'neglect' }],
  ['bug10', '{{(dict "three" 3).three}}', '3', 0n],
  ['bug12xe', '{{printf `%T` 0xef}}', 'int', null],
  ['bug12XE', '{{printf `%T` 0XEE}}', 'int', null],
  ['bug14a', '{{(nil).True}}', null, tVal],
  ['bug14b', '{{$x := nil}}{{$x.anything}}', null, tVal],
  ['bug14c', '{{$x := (1.0)}}{{$y := ("hello")}}{{$x.anything}}{{$y.true}}', null, tVal],
  ['bug16a', '{{true|printf}}', null, tVal],
  ['bug16b', '{{1|printf}}', null, tVal],
  ['bug16c', '{{1.1|printf}}', null, tVal],
  ['bug16d', "{{'x'|printf}}", null, tVal],
  ['bug16g', '{{"aaa" | printf "%s%s" "bbb"}}', 'bbbaaa', tVal],
  ['bug16h', '{{1|upper}}', null, tVal],
  ['bug16i', '{{"aaa"|upper}}', 'AAA', tVal],
  ['bug16k', '{{"aaa"|printf }}', 'aaa', tVal],
  ['char constant', "{{'a'}} {{'\\n'}}", '97 10', null],
  ['raw string', '{{`a\\nb`}}', 'a\\nb', null],
  ['quoted escapes', '{{"a\\tb\\u00e9\\x41"}}', 'a\tbéA', null],
  ['numbers', '{{1_000}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{1e3}} {{.5}} {{-3}} {{+4}}', '1000 31 15 15 5 1000 0.5 -3 4', null],
  ['float formatting', '{{1000000.0}} {{123456.0}} {{1.1}} {{0.00001}} {{1e21}}', '1e+06 123456 1.1 1e-05 1e+21', null],
  ['trim markers', 'a  {{- 1 -}}  b {{- /* c */ -}} c\n{{- 2 }}', 'a1bc2', null],
  ['comment', 'a{{/* a comment */}}b', 'ab', null],
  ['minus without space is a number', '{{-3}}', '-3', null],
  ['block', 'a({{block "inner" .}}bar({{.}})baz{{end}})b', 'a(bar(hello)baz)b', 'hello'],
  ['template with dot', '{{define "T1"}}[{{.}}]{{end}}{{template "T1" .X}}', '[x]', tVal],
  ['template without pipe has nil dot', '{{define "T1"}}[{{.}}]{{end}}{{template "T1"}}', '[]', tVal],
  ['template vars are not inherited', '{{define "T1"}}{{$}}{{end}}{{$x := 1}}{{template "T1" 2}}', '2', tVal],
  ['undefined template', '{{template "nope"}}', null, tVal],
  ['nil map field access in chain', '{{.MSIEmpty.a.b}}', null, tVal],
  ['field of a string', '{{.X.Y}}', null, tVal],
];

// cmpTests from exec_test.go (unsigned cases become ints).
const cmpTests: [string, string | null][] = [
  ['eq true true', 'true'],
  ['eq true false', 'false'],
  ['eq 1.5 1.5', 'true'],
  ['eq 1.5 2.5', 'false'],
  ['eq 1 1', 'true'],
  ['eq 1 2', 'false'],
  ['eq `xy` `xy`', 'true'],
  ['eq `xy` `xyz`', 'false'],
  ['eq .Uthree .Uthree', 'true'],
  ['eq .Uthree .Ufour', 'false'],
  ['eq 3 4 5 6 3', 'true'],
  ['eq 3 4 5 6 7', 'false'],
  ['ne true true', 'false'],
  ['ne true false', 'true'],
  ['ne 1.5 1.5', 'false'],
  ['ne 1.5 2.5', 'true'],
  ['ne 1 1', 'false'],
  ['ne 1 2', 'true'],
  ['ne `xy` `xy`', 'false'],
  ['ne `xy` `xyz`', 'true'],
  ['lt 1.5 1.5', 'false'],
  ['lt 1.5 2.5', 'true'],
  ['lt 1 1', 'false'],
  ['lt 1 2', 'true'],
  ['lt `xy` `xy`', 'false'],
  ['lt `xy` `xyz`', 'true'],
  ['le 1.5 1.5', 'true'],
  ['le 1.5 2.5', 'true'],
  ['le 2.5 1.5', 'false'],
  ['le 1 1', 'true'],
  ['le 1 2', 'true'],
  ['le 2 1', 'false'],
  ['le `xy` `xy`', 'true'],
  ['le `xy` `xyz`', 'true'],
  ['le `xyz` `xy`', 'false'],
  ['gt 1.5 1.5', 'false'],
  ['gt 1.5 2.5', 'false'],
  ['gt 1 1', 'false'],
  ['gt 2 1', 'true'],
  ['gt 1 2', 'false'],
  ['gt `xy` `xy`', 'false'],
  ['gt `xy` `xyz`', 'false'],
  ['ge 1.5 1.5', 'true'],
  ['ge 1.5 2.5', 'false'],
  ['ge 2.5 1.5', 'true'],
  ['ge 1 1', 'true'],
  ['ge 1 2', 'false'],
  ['ge 2 1', 'true'],
  ['ge `xy` `xy`', 'true'],
  ['ge `xy` `xyz`', 'false'],
  ['ge `xyz` `xy`', 'true'],
  ['lt .NegOne .Uthree', 'true'],
  ['gt .Uthree .NegOne', 'true'],
  ['eq (index `x` 0) \'x\'', 'true'],
  ['eq (index `x` 0) \'y\'', 'false'],
  ['eq `xy` 1', null],
  ['eq 2 2.0', null],
  ['lt true true', null],
  // Helm's values are float64: comparing them with an int constant is an error.
  ['eq .Float 2', null],
];

// TestInterfaceValues from exec_test.go.
const interfaceTests: [string, string | null][] = [
  ['{{index .Nil 1}}', null],
  ['{{index .Slice 2}}', '2'],
  ['{{index .Slice .Two}}', '2'],
  ['{{and (index .Slice 0) true}}', '0'],
  ['{{and .Zero true}}', '0'],
  ['{{and (index .Slice 1) false}}', 'false'],
  ['{{and .One false}}', 'false'],
  ['{{or (index .Slice 0) false}}', 'false'],
  ['{{or .Zero false}}', 'false'],
  ['{{or (index .Slice 1) true}}', '1'],
  ['{{or .One true}}', '1'],
  ['{{not (index .Slice 0)}}', 'true'],
  ['{{not .Zero}}', 'true'],
  ['{{not (index .Slice 1)}}', 'false'],
  ['{{not .One}}', 'false'],
  ['{{eq (index .Slice 0) .Zero}}', 'true'],
  ['{{eq (index .Slice 1) .One}}', 'true'],
  ['{{ne (index .Slice 0) .Zero}}', 'false'],
  ['{{ne (index .Slice 1) .One}}', 'false'],
  ['{{ge (index .Slice 0) .One}}', 'false'],
  ['{{ge (index .Slice 1) .Zero}}', 'true'],
  ['{{gt (index .Slice 0) .One}}', 'false'],
  ['{{gt (index .Slice 1) .Zero}}', 'true'],
  ['{{le (index .Slice 0) .One}}', 'true'],
  ['{{le (index .Slice 1) .Zero}}', 'false'],
  ['{{lt (index .Slice 0) .One}}', 'true'],
  ['{{lt (index .Slice 1) .Zero}}', 'false'],
];

test('exec_test.go execTests', () => {
  for (const [name, text, expected, dot] of execTests) {
    const got = exec(text, dot);
    if (expected === null) {
      assert.match(got, /^ERROR/, `${name}: expected an error, got ${JSON.stringify(got)}`);
    } else {
      assert.equal(got, expected, name);
    }
  }
});

test('exec_test.go cmpTests', () => {
  const dot = { Uthree: 3n, Ufour: 4n, NegOne: -1n, Three: 3n, Float: 2 };
  for (const [expr, expected] of cmpTests) {
    const got = exec(`{{if ${expr}}}true{{else}}false{{end}}`, dot);
    if (expected === null) {
      assert.match(got, /^ERROR\(exec\)/, expr);
    } else {
      assert.equal(got, expected, expr);
    }
  }
});

test('exec_test.go TestInterfaceValues', () => {
  const dot = { Slice: [0n, 1n, 2n, 3n], One: 1n, Two: 2n, Nil: null, Zero: 0n };
  for (const [text, expected] of interfaceTests) {
    const got = exec(text, dot);
    assert.equal(expected === null ? got.startsWith('ERROR') : got, expected === null ? true : expected, text);
  }
});

test('exec_test.go TestMaxExecDepth: recursion is stopped with a limit error', () => {
  const set = new TemplateSet([{ name: 't', text: '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}' }]);
  const result = set.render('t', data({}));
  assert.equal(result.error?.kind, 'limit');
});
