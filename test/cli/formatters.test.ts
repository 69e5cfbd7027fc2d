import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileAnalysis, Finding, ImageOccurrence, Severity } from '../../server/src/core/model';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { checkJsonReporter } from '../../server/src/cli/format/checkJson';
import { colorEnabled, createPalette } from '../../server/src/cli/format/color';
import { imagesJsonReporter } from '../../server/src/cli/format/imagesJson';
import type { Reporter } from '../../server/src/cli/format/reporter';
import { sarifReporter } from '../../server/src/cli/format/sarif';
import { stylishReporter } from '../../server/src/cli/format/stylish';

// Formatters are fed hand-made analyses, so these tests pin down the output
// independently of the analysis core.

const range = (line: number, character: number, length: number) => ({ start: { line, character }, end: { line, character: character + length } });

const image: ImageOccurrence = {
  file: null,
  range: range(9, 17, 12),
  image: 'nginx:latest',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
  container: 'web',
  containerPath: 'spec.template.spec.containers[0]',
  source: 'manifest',
  origin: { file: null, range: range(9, 17, 12) },
  editTargets: [{ file: null, range: range(9, 17, 12), kind: 'image' }],
  environment: null,
  unresolved: null,
  reference: {
    valid: true,
    error: null,
    domain: 'docker.io',
    path: 'library/nginx',
    tag: 'latest',
    digest: null,
    normalized: 'docker.io/library/nginx:latest',
    familiar: 'nginx:latest',
  },
  pullPolicy: { explicit: 'IfNotPresent', effective: 'IfNotPresent', defaulted: false, rule: 'explicit', explanation: 'Set explicitly.' },
  policyKeyRange: range(10, 10, 29),
  policyValueRange: range(10, 27, 12),
  policyInsertion: null,
  documentIndex: 0,
  pod: null,
};

const finding = (severity: Severity, line: number, code: Finding['code'] = 'latest-tag-cached'): Finding => ({
  code,
  severity,
  message: `a ${severity}\nspread over lines`,
  range: range(line, 17, 12),
  imageIndex: 0,
});

const analysis = (findings: Finding[]): FileAnalysis => ({ profile: 'staging', profileSource: 'default', profileReason: 'the default profile', images: [image], findings, suppressions: [], unreadable: [] });

function collect(make: (write: (chunk: string) => void) => Reporter, files: Array<[string, FileAnalysis]>): string {
  let output = '';
  const reporter = make((chunk) => {
    output += chunk;
  });
  for (const [path, fileAnalysis] of files) {
    reporter.file({ path, analysis: fileAnalysis });
  }
  reporter.finish();
  return output;
}

const plain = createPalette(false);
const ESC = '\u001b';
const stripAnsi = (text: string) => text.split(ESC).map((part, index) => (index === 0 ? part : part.replace(/^\[\d+m/, ''))).join('');

describe('stylish', () => {
  it('sorts by position, aligns columns, keeps messages on one line and counts per severity', () => {
    const output = collect((write) => stylishReporter(write, plain), [
      ['a.yaml', analysis([finding('warning', 120), finding('error', 8, 'invalid-pull-policy')])],
      ['clean.yaml', analysis([])],
      ['b.yaml', analysis([finding('info', 3), finding('hint', 4)])],
    ]);
    assert.equal(
      output,
      [
        '',
        'a.yaml',
        '  9:18    error    a error spread over lines    invalid-pull-policy',
        '  121:18  warning  a warning spread over lines  latest-tag-cached',
        '',
        'b.yaml',
        '  4:18  info  a info spread over lines  latest-tag-cached',
        '  5:18  hint  a hint spread over lines  latest-tag-cached',
        '',
        '✖ 4 problems (1 error, 1 warning, 1 info, 1 hint)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    assert.equal(collect((write) => stylishReporter(write, plain), [['a.yaml', analysis([])]]), '✔ no problems in 1 file\n');
  });

  it('colours severities without breaking alignment', () => {
    const output = collect((write) => stylishReporter(write, createPalette(true)), [['a.yaml', analysis([finding('error', 0), finding('warning', 1)])]]);
    assert.ok(output.includes('\u001b[31merror  \u001b[39m'), output);
    assert.ok(output.includes('\u001b[33mwarning\u001b[39m'), output);
    assert.equal(stripAnsi(output).split('\n')[2], '  1:18  error    a error spread over lines    latest-tag-cached');
  });
});

describe('colour detection', () => {
  it('needs a terminal and no NO_COLOR', () => {
    assert.equal(colorEnabled({ isTTY: true }, {}), true);
    assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '' }), true);
    assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled({ isTTY: false }, {}), false);
    assert.equal(colorEnabled({}, {}), false);
  });
});

describe('JSON reporters', () => {
  it('stream one element per line and stay valid JSON', () => {
    const output = collect(checkJsonReporter, [
      ['a.yaml', analysis([finding('error', 1), finding('info', 2)])],
      ['b.yaml', analysis([finding('warning', 3)])],
    ]);
    // Opening line, three diagnostics, the closing line with the (empty) problem arrays, and the final newline.
    assert.equal(output.split('\n').length, 8);
    const parsed = JSON.parse(output) as { diagnostics: Array<{ file: string; severity: string }> };
    assert.deepEqual(
      parsed.diagnostics.map((diagnostic) => `${diagnostic.file} ${diagnostic.severity}`),
      ['a.yaml error', 'a.yaml info', 'b.yaml warning'],
    );
  });

  it('write an empty array for no input', () => {
    assert.deepEqual(JSON.parse(collect(imagesJsonReporter, [])), { version: 1, images: [], errors: [], warnings: [] });
  });

  it('leave internal image fields out', () => {
    const [record] = (JSON.parse(collect(imagesJsonReporter, [['a.yaml', analysis([])]])) as { images: Array<Record<string, unknown>> }).images;
    assert.equal(record?.policyInsertion, undefined);
    assert.equal(record?.documentIndex, undefined);
    assert.equal((record?.pullPolicy as Record<string, unknown>).rule, undefined);
  });
});

describe('SARIF reporter', () => {
  const sarif = (files: Array<[string, FileAnalysis]>, profile: 'dev' | 'prod' = 'prod') =>
    JSON.parse(collect((write) => sarifReporter(write, { settings: DEFAULT_SETTINGS, profile }), files)) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string; enabled?: boolean } }> } }; results: Array<Record<string, unknown>> }>;
    };

  it('maps severities to levels and positions to 1-based regions', () => {
    const [run] = sarif([['dir/my file.yaml', analysis([finding('info', 0), finding('hint', 1), finding('error', 2, 'invalid-pull-policy')])]]).runs;
    assert.deepEqual(
      run?.results.map((result) => result.level),
      ['note', 'note', 'error'],
    );
    assert.deepEqual((run?.results[2]?.locations as unknown[])[0], {
      physicalLocation: {
        artifactLocation: { uri: 'dir/my%20file.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 30 },
      },
    });
  });

  it('uses file URIs for absolute paths', () => {
    const [run] = sarif([['/abs/x.yaml', analysis([finding('error', 0)])]]).runs;
    assert.deepEqual((run?.results[0]?.locations as Array<{ physicalLocation: { artifactLocation: unknown } }>)[0]?.physicalLocation.artifactLocation, {
      uri: 'file:///abs/x.yaml',
    });
  });

  it('takes default rule levels from the profile, disabling rules that are off', () => {
    const levels = (profile: 'dev' | 'prod') =>
      Object.fromEntries(sarif([], profile).runs[0]!.tool.driver.rules.map((rule) => [rule.id, rule.defaultConfiguration]));
    assert.deepEqual(levels('prod')['always-pull-latest-prod'], { level: 'error' });
    assert.deepEqual(levels('dev')['always-pull-latest-prod'], { enabled: false, level: 'none' });
    assert.deepEqual(levels('dev')['latest-tag-cached'], { level: 'note' });
  });
});
