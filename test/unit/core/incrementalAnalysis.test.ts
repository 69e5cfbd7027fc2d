/**
 * Property tests of edit-driven analysis: the document split kept across
 * editor changes, and the FileAnalyzer fed those changes, always equal a fresh
 * split and a fresh full analysis of the final text; the first part an opening
 * analysis publishes equals the full analysis of the same documents.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyzer, analyzeText } from '../../../server/src/core/analyze';
import type { AnalyzeOptions, TextChange } from '../../../server/src/core/analyze';
import type { FileAnalysis } from '../../../server/src/core/model';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { countLineBreaks, splitDocuments } from '../../../server/src/core/yaml/documentChunks';
import { EditableDocuments } from '../../../server/src/core/yaml/editableDocuments';
import { EditLog } from '../../../server/src/lsp/editLog';

const options: AnalyzeOptions = { path: 'deploy/app.yaml', settings: DEFAULT_SETTINGS };
const admission: AnalyzeOptions = { path: 'deploy/app.yaml', settings: { ...DEFAULT_SETTINGS, alwaysPullImagesAdmission: true } };

function pod(image: string, policy: string | null, breakText: string): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  containers:',
    '    - name: app',
    `      image: ${image}`,
    ...(policy ? [`      imagePullPolicy: ${policy}`] : []),
    '',
  ].join(breakText);
}

const image = fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.25.3', 'ghcr.io/acme/api:main', 'busybox@sha256:' + 'ab'.repeat(32), 'UPPER:case', '""');
const policy = fc.constantFrom(null, 'Always', 'IfNotPresent', 'Never', 'always');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
const separator = fc.constantFrom('---\n', '--- # next\n', '...\n---\n', '...\n', '\n---\n', '---\r\n', '# kube-image-lens-disable-next-line\n---\n');
const document = fc.tuple(image, policy, lineBreak).map(([i, p, b]) => pod(i, p, b));

/** Multi-document YAML streams: pods joined by every kind of marker, sometimes with directives. */
const stream = fc
  .tuple(fc.array(fc.tuple(separator, document), { minLength: 1, maxLength: 6 }), fc.constantFrom('', '---\n', '# kube-image-lens: profile=prod\n'))
  .map(([parts, head]) => head + parts.map(([sep, doc], index) => (index === 0 ? doc : sep + doc)).join(''));

/** Text typed or pasted: markers, line breaks, image lines, directives, fragments of them. */
const inserted = fc.oneof(
  fc.constantFrom('', '-', '--', '---', '---\n', '\n---\n', '...', '...\n', '\n', '\r', '\r\n', ' ', 'x', ':', '# c\n'),
  fc.constantFrom('    - name: extra\n      image: redis:latest\n', '      image: nginx:latest\n', '# kube-image-lens-disable-next-line mutable-tag\n'),
  fc.constantFrom('# kube-image-lens: profile=dev\n', '# kube-image-lens-disable\n', 'apiVersion: v1\nkind: Pod\n', '{{ .Values.image }}'),
  fc.string({ maxLength: 6 }),
);
const rawEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 60 }), text: inserted });

/** An edit placed inside `text` (offsets clamped to it). */
function place(text: string, edit: { at: number; remove: number; text: string }): TextChange {
  const start = edit.at % (text.length + 1);
  return { start, end: Math.min(text.length, start + edit.remove), text: edit.text };
}

function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** Batches of changes, each batch what one didChange notification carries. */
const batches = fc.array(fc.tuple(fc.array(rawEdit, { minLength: 1, maxLength: 3 }), fc.boolean()), { minLength: 1, maxLength: 8 });

describe('EditableDocuments', () => {
  test('after any edits, its documents are exactly the split of the final text', () => {
    fc.assert(
      fc.property(stream, fc.array(rawEdit, { minLength: 1, maxLength: 12 }), (initial, edits) => {
        const documents = new EditableDocuments<never>(initial);
        let text = initial;
        for (const edit of edits) {
          const change = place(text, edit);
          text = applyChange(text, change);
          assert.ok(documents.apply([change]));
          const expected = splitDocuments(text);
          const actual = documents.documents.map(({ document, offset, line }) => ({ text: document.text, offset, line }));
          assert.deepEqual(actual, expected, JSON.stringify(text));
          documents.documents.forEach(({ document }) => assert.equal(document.lineBreaks, countLineBreaks(document.text)));
          assert.equal(documents.length, text.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('an edit keeps the documents it does not touch (their cached results survive)', () => {
    const text = ['a: 1\n', '---\nb: 2\n', '---\nc: 3\n', '---\nd: 4\n', '---\ne: 5\n'].join('');
    const documents = new EditableDocuments<string>(text);
    documents.documents.forEach((entry) => (entry.document.slot = entry.document.text));
    const at = text.indexOf('d: 4') + 3;
    documents.apply([{ start: at, end: at + 1, text: '42\nf: 6' }]);
    const slots = documents.documents.map((entry) => entry.document.slot);
    assert.deepEqual(slots, ['a: 1\n', '---\nb: 2\n', '---\nc: 3\n', undefined, '---\ne: 5\n']);
    assert.deepEqual(
      documents.documents.map((entry) => entry.line),
      [0, 1, 3, 5, 8],
    );
  });

  test('an edit outside the text is refused', () => {
    const documents = new EditableDocuments<never>('a: 1\n');
    assert.equal(documents.apply([{ start: 3, end: 9, text: '' }]), false);
  });
});

describe('FileAnalyzer fed editor changes', () => {
  test('equals a fresh full analysis of the final text after any sequence of edits', () => {
    fc.assert(
      fc.property(stream, batches, (initial, edits) => {
        const analyzer = new FileAnalyzer();
        let text = initial;
        analyzer.analyze(text, options);
        for (const [batch, withAdmission] of edits) {
          const changes: TextChange[] = [];
          for (const edit of batch) {
            const change = place(text, edit);
            changes.push(change);
            text = applyChange(text, change);
          }
          analyzer.edit(changes, text);
          const settings = withAdmission ? admission : options;
          assert.deepEqual(analyzer.analyze(text, settings), analyzeText(text, settings), JSON.stringify(text));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('changes that do not fit the text fall back to a fresh split', () => {
    const analyzer = new FileAnalyzer();
    analyzer.analyze(pod('nginx', null, '\n'), options);
    const text = pod('redis:latest', 'Always', '\n');
    analyzer.edit([{ start: 10_000, end: 10_001, text: 'x' }], text);
    assert.deepEqual(analyzer.analyze(text, options), analyzeText(text, options));
  });

  test('the first part an opening analysis publishes is the full analysis of the same documents', async () => {
    await fc.assert(
      fc.asyncProperty(stream, async (text) => {
        const partials: FileAnalysis[] = [];
        const result = await new FileAnalyzer().analyzeCancellable(text, options, { isCancellationRequested: false }, 0, (partial) => partials.push(partial));
        const full = analyzeText(text, options);
        assert.deepEqual(result, full);
        assert.ok(partials.length <= 1);
        for (const partial of partials) {
          const images = partial.images.length;
          assert.deepEqual(partial.images, full.images.slice(0, images));
          assert.deepEqual(
            partial.findings,
            full.findings.filter((finding) => finding.imageIndex < images),
          );
          assert.deepEqual([partial.profile, partial.profileSource, partial.suppressions], [full.profile, full.profileSource, full.suppressions]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('EditLog', () => {
  test('records LSP range changes as the offset edits that turn the old text into the new one', () => {
    fc.assert(
      fc.property(stream, batches, (initial, edits) => {
        const log = new EditLog();
        const document = log.documents.create('file:///a.yaml', 'yaml', 1, initial);
        const documents = new EditableDocuments<never>(initial);
        let version = 1;
        for (const [batch] of edits) {
          // Ranges as an editor sends them: each against the text the previous change of the batch left.
          const scratch = TextDocument.create('file:///scratch.yaml', 'yaml', 0, document.getText());
          const events = batch.map((edit) => {
            const change = place(scratch.getText(), edit);
            const event = { range: { start: scratch.positionAt(change.start), end: scratch.positionAt(change.end) }, text: change.text };
            TextDocument.update(scratch, [event], 0);
            return event;
          });
          log.documents.update(document, events, ++version);
          assert.equal(document.getText(), scratch.getText());
          const pending = log.take(document);
          assert.ok(pending);
          assert.ok(documents.apply(pending.changes));
          assert.deepEqual(
            documents.documents.map(({ document: d, offset, line }) => ({ text: d.text, offset, line })),
            splitDocuments(document.getText()),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
