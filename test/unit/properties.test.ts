/**
 * Property tests of the analysis core (fast-check): it never throws, every
 * range it reports lies inside the document, and the incremental FileAnalyzer
 * always agrees with a fresh analysis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FileAnalyzer, analyzeText } from '../../server/src/core/analyze';
import type { AnalyzeOptions } from '../../server/src/core/analyze';
import type { FileAnalysis, Position, Range } from '../../server/src/core/model';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';

const options: AnalyzeOptions = { path: 'deploy/app.yaml', settings: DEFAULT_SETTINGS };
const admission: AnalyzeOptions = { path: 'deploy/app.yaml', settings: { ...DEFAULT_SETTINGS, alwaysPullImagesAdmission: true } };
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** Lines as an LSP client sees them: `\r\n`, `\r` and `\n` all end a line; terminators excluded. */
function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lines as split on `\n` only (a lone `\r` stays inside its line), terminators (`\r\n`, `\n`) excluded. */
function lfLines(text: string): string[] {
  return text.split('\n').map((line, index, all) => (index < all.length - 1 && line.endsWith('\r') ? line.slice(0, -1) : line));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function checkPosition(lines: string[], position: Position, what: string): void {
  assert.ok(Number.isInteger(position.line) && Number.isInteger(position.character), `${what}: not integers ${JSON.stringify(position)}`);
  assert.ok(position.line >= 0 && position.line < lines.length, `${what}: line ${position.line} outside 0..${lines.length - 1}`);
  const length = (lines[position.line] as string).length;
  assert.ok(position.character >= 0 && position.character <= length, `${what}: character ${position.character} > line length ${length} (line ${position.line})`);
}

function checkRange(lines: string[], range: Range, what: string): void {
  checkPosition(lines, range.start, `${what}.start`);
  checkPosition(lines, range.end, `${what}.end`);
  assert.ok(before(range.start, range.end), `${what}: start after end ${JSON.stringify(range)}`);
}

/** Every range of the analysis lies inside the text and is ordered. */
function assertRangesInside(text: string, analysis: FileAnalysis, split: (text: string) => string[] = lspLines): void {
  const lines = split(text);
  analysis.images.forEach((image, i) => {
    checkRange(lines, image.range, `images[${i}].range`);
    if (image.policyKeyRange) {
      checkRange(lines, image.policyKeyRange, `images[${i}].policyKeyRange`);
    }
    if (image.policyValueRange) {
      checkRange(lines, image.policyValueRange, `images[${i}].policyValueRange`);
    }
    if (image.policyInsertion) {
      checkPosition(lines, image.policyInsertion.position, `images[${i}].policyInsertion`);
    }
  });
  analysis.findings.forEach((finding, i) => {
    checkRange(lines, finding.range, `findings[${i}].range (${finding.code})`);
    assert.ok(finding.imageIndex >= 0 && finding.imageIndex < analysis.images.length, `findings[${i}].imageIndex ${finding.imageIndex}`);
  });
}

function offsetOf(text: string, position: Position): number {
  // `\n`-based, matching texts without lone `\r` (the generators below never produce one).
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    offset = text.indexOf('\n', offset) + 1;
  }
  return offset + position.character;
}

// ---------------------------------------------------------------------------
// Generators

const FRAGMENTS = [
  'image:',
  'image: ',
  'imagePullPolicy: ',
  'Always',
  'IfNotPresent',
  'Never',
  'always',
  'containers:',
  'initContainers:',
  'ephemeralContainers:',
  'apiVersion: v1',
  'apiVersion: apps/v1',
  'kind: Pod',
  'kind: Deployment',
  'spec:',
  'template:',
  'metadata:',
  'name: x',
  '- ',
  '-',
  '---',
  '...',
  '\n',
  '\r\n',
  '\t',
  '  ',
  '    ',
  ' ',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '#',
  '# kube-image-lens: profile=prod',
  '# kube-image-lens-disable-next-line latest-tag-cached -- why',
  '# kube-image-lens-disable',
  '{{',
  '}}',
  '{{ .Values.image.tag }}',
  '{{- if .Values.x }}',
  '&a ',
  '*a',
  '<<: ',
  '<<: *a',
  '? ',
  '!!str ',
  '|',
  '>-',
  'nginx',
  'nginx:latest',
  ':1.25',
  `@${DIGEST}`,
  'localhost:5000/app',
  'é',
  '😀',
  '\u00a0',
  '\uFEFF',
  '\u0000',
  '\\',
  '%YAML 1.2',
  '~',
  'null',
  '42',
];

const yamlish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
/** Arbitrary UTF-16 code units, including lone surrogates. */
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 200 });

const imageValue = fc.oneof(
  fc.constantFrom(
    'nginx',
    'nginx:latest',
    'nginx:1.25',
    `nginx@${DIGEST}`,
    `nginx:latest@${DIGEST}`,
    'localhost:5000/app',
    'registry.example.com:5000/team/app:1.2',
    'Nginx:latest',
    'nginx:',
    ':latest',
    'a b',
    '{{ .Values.image }}',
    'ghcr.io/org/app:main-abc',
  ),
  fc
    .tuple(
      fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9]{1,8}){0,2}$/),
      fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/), { nil: undefined }),
      fc.boolean(),
    )
    .map(([name, tag, digest]) => `${name}${tag !== undefined ? `:${tag}` : ''}${digest ? `@${DIGEST}` : ''}`),
);
const imageField = fc.oneof({ weight: 8, arbitrary: imageValue }, { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 42, true, '') }, { weight: 1, arbitrary: fc.constant(undefined) });
const policyField = fc.constantFrom<unknown>(undefined, undefined, 'Always', 'IfNotPresent', 'Never', 'always', 'ifnotpresent', '', null, 7, 'Sometimes');

interface Container {
  name?: string;
  image?: unknown;
  imagePullPolicy?: unknown;
  [key: string]: unknown;
}

const container: fc.Arbitrary<Container> = fc
  .record({
    name: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { nil: undefined }),
    image: imageField,
    imagePullPolicy: policyField,
    ports: fc.option(fc.constant([{ containerPort: 80 }]), { nil: undefined }),
    args: fc.option(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), { nil: undefined }),
  })
  .map((record) => {
    // Drop undefined keys (yaml would drop them anyway) and shuffle-by-construction order variety.
    const out: Container = {};
    for (const [key, value] of Object.entries(record)) {
      if (value !== undefined) {
        out[key] = value;
      }
    }
    return out;
  });

const podSpec = fc.record(
  {
    containers: fc.array(container, { maxLength: 4 }),
    initContainers: fc.array(container, { maxLength: 2 }),
    ephemeralContainers: fc.array(container, { maxLength: 1 }),
    restartPolicy: fc.constantFrom('Always', 'Never'),
  },
  { requiredKeys: ['containers'] },
);

const k8sObject = fc.tuple(fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Widget', 'ConfigMap'), podSpec, fc.stringMatching(/^[a-z]{1,6}$/)).map(([kind, spec, name]) => {
  const metadata = { name };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { template: { spec } } };
    case 'Widget':
      return { apiVersion: 'example.com/v1', kind, metadata, spec: { workers: { containers: spec.containers } } };
    case 'ConfigMap':
      return { apiVersion: 'v1', kind, metadata, data: { 'a.yaml': 'image: nginx:latest' } };
    default:
      return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 1, template: { metadata: { labels: { app: name } }, spec } } };
  }
});

type K8sObject = Awaited<ReturnType<(typeof k8sObject)['generate']>>['value'];

interface Style {
  collectionStyle: 'any' | 'block' | 'flow';
  defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  indent: number;
  indentSeq: boolean;
  crlf: boolean;
  leadingComment: boolean;
}

const styles: fc.Arbitrary<Style> = fc.record({
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  crlf: fc.boolean(),
  leadingComment: fc.boolean(),
});

function serialise(objects: K8sObject[], style: Style): string {
  const docs = objects.map((object) =>
    stringify(object, {
      collectionStyle: style.collectionStyle,
      defaultStringType: style.defaultStringType,
      indent: style.indent,
      indentSeq: style.indentSeq,
      lineWidth: 0,
    }),
  );
  const text = `${style.leadingComment ? '# generated\n' : ''}${docs.join('---\n')}`;
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** How many containers with an `image` key sit in places the locator must find. */
function expectedImageCount(objects: K8sObject[]): number {
  let count = 0;
  const visit = (node: unknown, key: string | null): void => {
    if (Array.isArray(node)) {
      if (key === 'containers' || key === 'initContainers' || key === 'ephemeralContainers') {
        count += node.filter((item) => item && typeof item === 'object' && 'image' in item).length;
      }
      node.forEach((item) => visit(item, null));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        visit(v, k);
      }
    }
  };
  objects.forEach((object) => visit(object, null));
  return count;
}

// ---------------------------------------------------------------------------

describe('analyzeText never throws and keeps ranges inside the document', () => {
  test('arbitrary UTF-16 strings (lone surrogates, NUL, …) do not throw', () => {
    fc.assert(
      fc.property(codeUnits, (text) => {
        analyzeText(text, options);
        analyzeText(text, admission);
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary strings: ranges inside the document (lines split on \\n)', () => {
    fc.assert(
      fc.property(fc.oneof(codeUnits, yamlish), (text) => {
        assertRangesInside(text, analyzeText(text, options), lfLines);
      }),
      { numRuns: 500 },
    );
  });

  test('YAML-ish fragment soup: never throws, ranges inside (as an LSP client splits lines)', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        assertRangesInside(text, analyzeText(text, options));
      }),
      { numRuns: 1500 },
    );
  });

  test('YAML-ish soup prefixed with a Kubernetes header, so containers are actually searched', () => {
    const header = fc.constantFrom('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - ', 'apiVersion: apps/v1\r\nkind: Deployment\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n        - ');
    fc.assert(
      fc.property(header, yamlish, (head, body) => {
        const text = head + body;
        assertRangesInside(text, analyzeText(text, options));
      }),
      { numRuns: 1500 },
    );
  });

  test(
    'a lone \\r line break (classic Mac) is a line break, as in YAML 1.2 and LSP',
    () => {
    const text = 'apiVersion: v1\rkind: Pod\rspec:\r  containers:\r  - image: nginx:latest\r    imagePullPolicy: IfNotPresent\r';
    const analysis = analyzeText(text, options);
    assert.equal(analysis.images.length, 1);
    assertRangesInside(text, analysis, lspLines);
    },
  );

  for (const [where, line] of [
    ['a string value', '      args: ["echo {{"]'],
    ['a comment', '      # unbalanced {{ in a comment'],
  ] as const) {
    test(
      `an unclosed {{ in ${where} of a plain manifest does not hide the containers after it`,
      () => {
        const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec:', '  containers:', '    - image: busybox:1.36', line, '    - image: nginx:latest', '      imagePullPolicy: IfNotPresent', ''].join('\n');
        const analysis = analyzeText(text, options);
        assert.deepEqual(
          analysis.images.map((image) => image.image),
          ['busybox:1.36', 'nginx:latest'],
        );
        assert.deepEqual(
          analysis.findings.map((finding) => finding.code),
          ['latest-tag-cached'],
        );
      },
    );
  }

  test('generated Kubernetes objects serialised by `yaml`: every image found, ranges exact', () => {
    fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 4 }), styles, (objects, style) => {
        const text = serialise(objects, style);
        const analysis = analyzeText(text, options);
        assertRangesInside(text, analysis);
        assert.equal(analysis.images.length, expectedImageCount(objects), text);
        for (const image of analysis.images) {
          if (image.reference.valid && !image.unresolved) {
            // The range covers exactly the image as written (inside quotes when quoted).
            assert.equal(text.slice(offsetOf(text, image.range.start), offsetOf(text, image.range.end)), image.image, text);
          }
          if (image.policyInsertion === null) {
            assert.ok(image.policyKeyRange !== null, 'no policy and nowhere to insert one');
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  test('generated objects: explicit valid policies are taken as written, absent ones defaulted', () => {
    fc.assert(
      fc.property(k8sObject, styles, (object, style) => {
        const text = serialise([object], style);
        const analysis = analyzeText(text, options);
        for (const image of analysis.images) {
          const { explicit, effective, defaulted } = image.pullPolicy;
          if (image.unresolved) {
            continue;
          }
          if (explicit === 'Always' || explicit === 'IfNotPresent' || explicit === 'Never') {
            assert.equal(effective, explicit);
            assert.equal(defaulted, false);
          } else if (explicit === null || explicit === '') {
            assert.equal(defaulted, true);
            assert.ok(effective === 'Always' || effective === 'IfNotPresent');
          } else {
            assert.equal(effective, null, `${explicit} must be invalid`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('FileAnalyzer incremental re-analysis equals a fresh analysis', () => {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.oneof(yamlish, fc.constantFrom('---\n', '\n---\n', '', 'x', '\r\n', '# kube-image-lens: profile=dev\n')) });

  function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    return text.slice(0, at) + e.insert + text.slice(at + e.remove);
  }

  test('after random edits of generated manifests', () => {
    fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 5 }), styles, fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 6 }), (objects, style, edits) => {
        const analyzer = new FileAnalyzer();
        let text = serialise(objects, style);
        analyzer.analyze(text, options);
        for (const [e, withAdmission] of edits) {
          text = applyEdit(text, e);
          const settings = withAdmission ? admission : options;
          assert.deepEqual(analyzer.analyze(text, settings), analyzeText(text, settings), text);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('after moving, duplicating and dropping whole documents', () => {
    fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 2, maxLength: 6 }), styles, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (objects, style, picks) => {
        const analyzer = new FileAnalyzer();
        analyzer.analyze(serialise(objects, style), options);
        // Documents in a new order, some twice, some gone: the cache is keyed by text, so identical docs share entries.
        const reordered = picks.map((pick) => objects[pick % objects.length] as K8sObject);
        const text = serialise(reordered, style);
        assert.deepEqual(analyzer.analyze(text, options), analyzeText(text, options));
      }),
      { numRuns: 200 },
    );
  });

  test('async cancellable analysis gives the same result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(k8sObject, { minLength: 1, maxLength: 4 }), styles, edit, async (objects, style, e) => {
        const analyzer = new FileAnalyzer();
        const text = serialise(objects, style);
        await analyzer.analyzeCancellable(text, options, { isCancellationRequested: false }, 0);
        const next = applyEdit(text, e);
        const result = await analyzer.analyzeCancellable(next, options, { isCancellationRequested: false }, 0);
        assert.deepEqual(result, analyzeText(next, options));
      }),
      { numRuns: 100 },
    );
  });

  test('a cancelled analysis does not poison the cache', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(k8sObject, { minLength: 2, maxLength: 5 }), styles, edit, async (objects, style, e) => {
        const analyzer = new FileAnalyzer();
        const text = serialise(objects, style);
        analyzer.analyze(text, options);
        const next = applyEdit(text, e);
        // Cancelled at its first yield (sliceMs 0): returns null and must leave a usable analyzer.
        const cancelled = await analyzer.analyzeCancellable(next, options, { isCancellationRequested: true }, 0);
        assert.ok(cancelled === null || typeof cancelled === 'object');
        assert.deepEqual(analyzer.analyze(next, options), analyzeText(next, options));
        assert.deepEqual(analyzer.analyze(text, options), analyzeText(text, options));
      }),
      { numRuns: 100 },
    );
  });
});
