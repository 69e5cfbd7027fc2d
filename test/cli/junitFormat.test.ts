import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { junitReporter } from '../../server/src/cli/format/junit';
import { analysisWith, AWKWARD_MESSAGE, AWKWARD_PATH, findingAt, report } from './ciFormatFixtures';
import { makeProject, runCli } from './helpers';

interface ParsedCase {
  name: string;
  classname: string;
  file: string;
  line: string | null;
  failure: { message: string; type: string; text: string } | null;
  systemOut: string | null;
}
interface ParsedSuite {
  name: string;
  tests: number;
  failures: number;
  cases: ParsedCase[];
}

// A real XML parser (Python's ElementTree, part of every python3) reads the report
// the way JUnit consumers do: testsuites > testsuite > testcase > failure/system-out.
const PARSE = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == 'testsuites', root.tag
def case(c):
    f = c.find('failure')
    o = c.find('system-out')
    return {'name': c.get('name'), 'classname': c.get('classname'), 'file': c.get('file'), 'line': c.get('line'),
            'failure': None if f is None else {'message': f.get('message'), 'type': f.get('type'), 'text': f.text or ''},
            'systemOut': None if o is None else o.text}
print(json.dumps([{'name': s.get('name'), 'tests': int(s.get('tests')), 'failures': int(s.get('failures')),
                   'cases': [case(c) for c in s.findall('testcase')]} for s in root.findall('testsuite')]))
`;

function parseJunit(xml: string): ParsedSuite[] {
  const result = spawnSync('python3', ['-c', PARSE], { input: xml, encoding: 'utf8' });
  assert.equal(result.status, 0, `not readable as JUnit XML: ${result.stderr}`);
  const suites = JSON.parse(result.stdout) as ParsedSuite[];
  for (const suite of suites) {
    assert.equal(suite.tests, suite.cases.length, `tests="…" of ${suite.name}`);
    assert.equal(suite.failures, suite.cases.filter((c) => c.failure !== null).length, `failures="…" of ${suite.name}`);
  }
  return suites;
}

describe('--format junit', () => {
  it('is XML a parser reads back exactly, with failures at the --fail-on level and the rest passing', () => {
    const xml = report((write) => junitReporter(write, 'warning'), [
      [AWKWARD_PATH, analysisWith([findingAt(4, 9, 12, 'error', 'invalid-image-reference', AWKWARD_MESSAGE), findingAt(6, 0, 1, 'info', 'tag-ignored-with-digest', 'only info')])],
      ['clean.yaml', analysisWith([])],
    ]);
    const suites = parseJunit(xml);
    // XML cannot carry U+0001: it is replaced, everything else survives the round trip.
    const carried = AWKWARD_MESSAGE.replace('\u0001', '\uFFFD');
    assert.deepEqual(suites.map((suite) => [suite.name, suite.tests, suite.failures]), [[AWKWARD_PATH, 2, 1], ['clean.yaml', 1, 0]]);
    const [failing, passing] = suites[0]?.cases ?? [];
    assert.equal(failing?.classname, AWKWARD_PATH);
    assert.equal(failing?.file, AWKWARD_PATH);
    assert.equal(failing?.line, '5');
    assert.equal(failing?.name, 'invalid-image-reference at 5:10');
    // XML normalises a raw \r\n in content to \n; the attribute keeps it through character references.
    assert.equal(failing?.failure?.message, carried);
    assert.equal(failing?.failure?.type, 'invalid-image-reference');
    assert.ok(failing?.failure?.text.includes(carried.replace('\r\n', '\n')));
    assert.equal(passing?.failure, null);
    assert.match(passing?.systemOut ?? '', /only info/);
    assert.deepEqual(suites[1]?.cases.map((c) => [c.name, c.failure]), [['no findings', null]]);
  });

  it('an empty run is an empty <testsuites>', () => {
    assert.deepEqual(parseJunit(report((write) => junitReporter(write, 'error'), [])), []);
  });

  it('the built CLI reports one suite per file and as many failures as make it exit 1', () => {
    const project = makeProject({
      'prod/app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n',
      'ok.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: q }\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27.1\n',
    });
    try {
      const strict = runCli(['check', '--format', 'junit', '.'], { cwd: project.dir });
      assert.equal(strict.code, 1, strict.stderr);
      const suites = parseJunit(strict.stdout);
      assert.deepEqual(suites.map((suite) => suite.name).sort(), ['ok.yaml', 'prod/app.yaml']);
      assert.ok((suites.find((suite) => suite.name === 'prod/app.yaml')?.failures ?? 0) > 0);
      const lenient = runCli(['check', '--format', 'junit', '--fail-on', 'never', '.'], { cwd: project.dir });
      assert.equal(lenient.code, 0);
      assert.ok(parseJunit(lenient.stdout).every((suite) => suite.failures === 0));
    } finally {
      project.cleanup();
    }
  });
});
