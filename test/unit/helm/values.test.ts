/**
 * Values layering against the real Helm: each case writes a chart whose templates print
 * `toJson .Values`, runs `helm template`, and compares every chart's `.Values` with ours.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadChart } from '../../../server/src/core/helm/chart/loadChart';
import { computeChartValues } from '../../../server/src/core/helm/values/chartValues';
import { buildUserValues } from '../../../server/src/core/helm/values/userValues';
import { oracleSkipReason } from '../../oracles/oracles';
import { readChartDir } from './chartDir';
import type { HelmArgs } from './helmOracle';
import { helmTemplate, outputBySource, valueFlags, writeTempChart } from './helmOracle';

const skip = oracleSkipReason();

const PRINT = '# {{ toJson .Values }}\n';

function chartYaml(name: string, extra = ''): string {
  return `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;
}

/** JSON of our values as Helm's toJson prints them (int64 and float64 alike are JSON numbers). */
function normalize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}

interface Case {
  name: string;
  files: Record<string, string>;
  valuesFiles?: Record<string, string>;
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  setLiteral?: string[];
  /** Files beside the chart folder, for `--set-file` (which names them relative to that folder, helm's working directory). */
  otherFiles?: Record<string, string>;
}

function compareWithHelm(c: Case): void {
  const files = { ...c.files };
  for (const [file, text] of Object.entries(c.valuesFiles ?? {})) {
    files[`../user/${file}`] = text;
  }
  for (const [file, text] of Object.entries(c.otherFiles ?? {})) {
    files[`../${file}`] = text;
  }
  const dir = writeTempChart(files);
  const userFiles = Object.keys(c.valuesFiles ?? {}).map((file) => path.join(dir, '../user', file));
  const args: HelmArgs = { valuesFiles: userFiles, set: c.set, setString: c.setString, setJson: c.setJson, setFile: c.setFile, setLiteral: c.setLiteral, cwd: path.dirname(dir) };
  const helm = helmTemplate(dir, args);
  const user = buildUserValues({ files: userFiles.map((file) => ({ file, text: readFileSync(file, 'utf8') })), ...valueFlags(args) });
  if (!helm.ok && user.error !== null) {
    assert.equal(`Error: ${user.error}`, helm.stderr.trim(), "Helm's message");
    return;
  }
  if (!helm.ok) {
    const ours = user.error ?? (() => {
      try {
        computeChartValues(loadChart(readChartDir(dir)), user.values);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    assert.notEqual(ours, null, `helm failed (${helm.stderr.trim()}) but we accepted the values`);
    return;
  }
  assert.equal(user.error, null, `helm accepted what we refused: ${user.error}`);
  const { charts } = computeChartValues(loadChart(readChartDir(dir)), user.values);
  const printed = outputBySource(helm.stdout);
  let compared = 0;
  for (const chart of charts) {
    const source = `${chart.resolved.fullPath}/templates/values.yaml`;
    const documents = printed.get(source);
    if (!documents) {
      continue;
    }
    const json = /^# (.*)$/m.exec(documents[0] as string)?.[1] as string;
    assert.deepEqual(normalize(chart.scoped), JSON.parse(json), `.Values of ${chart.resolved.fullPath}`);
    compared++;
  }
  assert.equal(compared, printed.size, 'every chart helm rendered was compared');
}

describe('values layering equals helm template', { skip }, () => {
  const cases: Case[] = [
    {
      name: 'null in a values file deletes a chart default; maps merge, lists replace',
      files: {
        'Chart.yaml': chartYaml('app'),
        'values.yaml': 'image:\n  repository: nginx\n  tag: "1.25"\n  digest: ""\nlist: [1, 2, 3]\nkeep: {a: 1, b: 2}\n',
        'templates/values.yaml': PRINT,
      },
      valuesFiles: { 'a.yaml': 'image:\n  tag: null\nlist: [9]\nkeep: {b: 3}\n', 'b.yaml': 'image:\n  digest: sha\nextra: null\n' },
    },
    {
      name: 'YAML 1.1 typing: floats, big ints, yes/on, octal, underscores',
      files: {
        'Chart.yaml': chartYaml('app'),
        'values.yaml': 'a: 1.10\nb: 1000000\nc: yes\nd: on\ne: 017\nf: 1_000\ng: 0x1F\nh: "1.10"\ni: 12345678901234567890\nj: 2001-12-14\nk: ~\nl: off\n',
        'templates/values.yaml': PRINT,
      },
    },
    {
      name: 'globals flow down, the parent wins; subchart scoped by name',
      files: {
        'Chart.yaml': chartYaml('parent', 'dependencies:\n  - name: child\n    version: 1.x.x\n'),
        'values.yaml': 'global:\n  imageRegistry: parent.io\n  shared: {a: 1}\nchild:\n  image: {tag: parent-tag}\n',
        'templates/values.yaml': PRINT,
        'charts/child/Chart.yaml': chartYaml('child', 'version: 1.2.3\n'.replace('version', 'appVersion')),
        'charts/child/values.yaml': 'global:\n  imageRegistry: child.io\n  shared: {b: 2}\n  own: x\nimage:\n  repository: child\n  tag: child-tag\n',
        'charts/child/templates/values.yaml': PRINT,
      },
      set: ['global.shared.c=3', 'child.image.pullPolicy=Always'],
    },
    {
      name: 'alias copies a subchart under a new name; condition and tags switch subcharts off',
      files: {
        'Chart.yaml': chartYaml(
          'parent',
          'dependencies:\n  - name: worker\n    version: ">=0.1.0"\n    alias: first\n  - name: worker\n    version: ">=0.1.0"\n    alias: second\n    condition: second.enabled\n  - name: extra\n    version: "*"\n    tags: [extras]\n  - name: other\n    version: "~0.2"\n    condition: other.enabled,missing.flag\n',
        ),
        'values.yaml': 'second:\n  enabled: false\ntags:\n  extras: false\nfirst:\n  image: {tag: first}\n',
        'templates/values.yaml': PRINT,
        'charts/worker/Chart.yaml': chartYaml('worker').replace('1.0.0', '0.3.0'),
        'charts/worker/values.yaml': 'image: {repository: worker, tag: base}\n',
        'charts/worker/templates/values.yaml': PRINT,
        'charts/extra/Chart.yaml': chartYaml('extra'),
        'charts/extra/templates/values.yaml': PRINT,
        'charts/other/Chart.yaml': chartYaml('other').replace('1.0.0', '0.2.5'),
        'charts/other/values.yaml': 'enabled: true\n',
        'charts/other/templates/values.yaml': PRINT,
      },
      set: ['second.enabled=true', 'tags.extras=true', 'other.enabled=false'],
    },
    {
      name: 'a subchart whose version does not match its dependency entry still renders under its own name',
      files: {
        'Chart.yaml': chartYaml('parent', 'dependencies:\n  - name: lib\n    version: 2.0.0\n    alias: renamed\n'),
        'values.yaml': 'lib: {x: 1}\nrenamed: {x: 2}\n',
        'templates/values.yaml': PRINT,
        'charts/lib/Chart.yaml': chartYaml('lib'),
        'charts/lib/values.yaml': 'x: 0\ny: 0\n',
        'charts/lib/templates/values.yaml': PRINT,
      },
    },
    {
      name: 'null in a parent chart deletes a subchart default; null in a user file deletes a global',
      files: {
        'Chart.yaml': chartYaml('parent', 'dependencies:\n  - name: child\n    version: 1.0.0\n'),
        'values.yaml': 'global:\n  registry: r.io\n  keep: k\nchild:\n  image:\n    digest: null\n',
        'templates/values.yaml': PRINT,
        'charts/child/Chart.yaml': chartYaml('child'),
        'charts/child/values.yaml': 'image:\n  repository: c\n  digest: sha256:abc\nglobal:\n  registry: child.io\n',
        'charts/child/templates/values.yaml': PRINT,
      },
      valuesFiles: { 'u.yaml': 'global:\n  registry: null\nchild:\n  image:\n    repository: null\n' },
    },
    {
      name: 'import-values from exports and child/parent pairs',
      files: {
        'Chart.yaml': chartYaml('parent', 'dependencies:\n  - name: child\n    version: 1.0.0\n    import-values:\n      - data\n      - child: image\n        parent: childImage\n'),
        'values.yaml': 'childImage: {tag: mine}\n',
        'templates/values.yaml': PRINT,
        'charts/child/Chart.yaml': chartYaml('child'),
        'charts/child/values.yaml': 'exports:\n  data:\n    shared: yes\nimage: {repository: c, tag: t}\n',
        'charts/child/templates/values.yaml': PRINT,
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => compareWithHelm(c));
  }
});

describe('--set parsing equals helm (cases after helm pkg/strvals/parser_test.go)', { skip }, () => {
  const expressions = [
    'name=value',
    'name=value,foo=bar',
    'name1=,name2=value2',
    'leading_zeros=00009',
    'zero_int=0',
    'long_int=1234567890',
    'big=1000000',
    'neg=-5',
    'boolean=true',
    'upper=TRUE',
    'is_null=null',
    'name=one\\,two,three=four',
    'name=one\\=two',
    'name=one.two',
    'outer.inner=value',
    'name1.name2=',
    'name1.name2=1,name1.name3=2',
    'list[0]=foo',
    'list[0].foo=bar,list[0].hello=world',
    'list[0]=foo,list[3]=bar',
    'noval[0]',
    'noval[0]=',
    'nested[0][0]=1',
    'nested[1][1]=1',
    'name1.name2[1].foo=bar,name1.name2[0].foo=bar',
    'name={value1,value2}',
    'name={value1,value2},other=x',
    'tag=1.10',
    'a.b\\.c=dotted',
    'name1.name2',
    'name1,name2=',
    'name1.=name2',
    'list[-30].hello=world',
    'illegal[0]name.foo=bar',
    'name={a,b',
    'list[0].a=',
    'list[0].a=,b=1',
    'a[0].b[0]=',
    'a[0][',
    'a[0].b[',
    'x=1,a[',
    'b.c[',
    'x=1,x[',
    'a[0][1].b=',
    'a[0][1].b=,c=1',
    'a"b',
    'a[x"y]=1',
    'a[99999999999999999999]=1',
    'a[70000]=1',
    'tab\tkey',
    // Go quotes runes it cannot print, ASCII or not: a no-break space is \u00a0 in both messages.
    'nbsp\u00a0key',
    'x[0]\u00a0=1',
  ];
  for (const expression of expressions) {
    test(expression, () =>
      compareWithHelm({
        name: expression,
        files: { 'Chart.yaml': chartYaml('app'), 'templates/values.yaml': PRINT },
        set: [expression],
      }),
    );
  }
  test('--set-string keeps text; --set on an existing map writes into it', () =>
    compareWithHelm({
      name: 'set-string',
      files: { 'Chart.yaml': chartYaml('app'), 'values.yaml': 'image: {tag: "1", repository: r}\n', 'templates/values.yaml': PRINT },
      set: ['image.tag=2', 'image.n=3'],
      setString: ['image.s=007', 'b=true'],
    }));
});

/** A chart printing `.Values`, with defaults for the flags to override or delete. */
const FLAGS_CHART = {
  'Chart.yaml': chartYaml('app'),
  'values.yaml': 'image:\n  repository: nginx\n  tag: "1.25"\n  digest: sha256:abc\nlist: [a, b]\nkeep: {a: 1}\n',
  'templates/values.yaml': PRINT,
};

describe('--set-json, --set-file and --set-literal equal helm (cases after helm pkg/strvals/parser_test.go, literal_parser_test.go)', { skip }, () => {
  const cases: Omit<Case, 'files'>[] = [
    // --set-json: a JSON value per key; numbers are float64 (1.10 is 1.1), empty is null, null deletes a default.
    { name: 'json scalars', setJson: ['image.tag=1.10', 'n=1000000', 'f=-2.5e3', 's="x,y"', 'b=true', 'image.digest=null', 'e=', 'tiny=1e-400'] },
    { name: 'json objects and lists replace, nested keys and indexes', setJson: ['keep={"b":[1,"x",null,{"c":false}]}', 'list=[1, 2]', 'l2[1]={"k":"v"}', 'deep.a.b[0][1]="z"'] },
    { name: 'json pairs after commas and blanks, one argument', setJson: ['a=1, b={"c":[1,2]} ,c="3"', 'd=1 e=2', 'key\\.dotted="esc"'] },
    { name: 'json whole objects merge like a values file', setJson: ['{"image":{"tag":"obj","digest":null},"keep":{"b":2}}', '  {"list":[3]}  '] },
    { name: 'json errors: not JSON', setJson: ['image.tag=latest'] },
    { name: 'json errors: trailing data after an object', setJson: ['{"a":1} x'] },
    { name: 'json errors: no =', setJson: ['a'] },
    { name: 'json errors: a number float64 cannot hold', setJson: ['a=1e400'] },
    { name: 'json errors: an unterminated list', setJson: ['a=[1,2'] },
    { name: 'json errors: a half number', setJson: ['a=1.'] },
    { name: 'json: trailing junk becomes a key', setJson: ['a=1x'] },
    // --set-literal: the rest of the argument as a string.
    { name: 'literal commas, backslashes, equals and braces', setLiteral: ['image.tag=a,b\\c=d', 'list[1]={x,y}', 'k,with,commas=v', 'json={"a":1}', 'empty=', 'path\\key=v'] },
    { name: 'literal nested lists and maps', setLiteral: ['a[0][1]=x', 'b[1].c=y', 'keep.z=null'] },
    { name: 'literal errors: no value', setLiteral: ['a'] },
    { name: 'literal errors: bad index', setLiteral: ['a[x]=1'] },
    { name: 'literal: an unfinished index ends the input', setLiteral: ['a[0].b[', 'c.d['] },
    { name: 'literal errors: a key through a string', setLiteral: ['image.tag.x=1'] },
    // --set-file: the file's text, as is.
    {
      name: 'file multi-line with a trailing newline, a list of files, an empty value',
      setFile: ['image.tag=tag.txt', 'script=multi.txt,files={tag.txt,multi.txt}', 'none='],
      otherFiles: { 'tag.txt': 'from-file\n', 'multi.txt': 'line 1\n  line 2\n\nlast' },
    },
    { name: 'file errors: unreadable', setFile: ['image.tag=missing.txt'] },
    { name: 'file errors: no value', setFile: ['image.tag'] },
    // Every kind at once: values files, then --set-json, --set, --set-string, --set-file, --set-literal.
    {
      name: 'the later kind wins: literal over file over string over set over json over -f',
      valuesFiles: { 'u.yaml': 'image: {tag: file, repository: fromfile}\nw: {a: f, b: f, c: f, d: f, e: f}\n' },
      setJson: ['w.a="json"', 'w.b="json"', 'w.c="json"', 'w.d="json"', 'w.e="json"', 'image.repository="json"', 'n=7'],
      set: ['w.b=set', 'w.c=set', 'w.d=set', 'w.e=set', 'n=8'],
      setString: ['w.c=string', 'w.d=string', 'w.e=string'],
      setFile: ['w.d=d.txt', 'w.e=d.txt'],
      setLiteral: ['w.e=literal,x'],
      otherFiles: { 'd.txt': 'file' },
    },
    {
      name: 'a bad --set stops before an unreadable --set-file',
      set: ['a={1,2'],
      setFile: ['b=missing.txt'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => compareWithHelm({ ...c, files: FLAGS_CHART }));
  }
});
