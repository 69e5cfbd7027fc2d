import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { TextEdit } from '../../../server/src/cli/pin/diff';
import { applyEdits, unifiedDiff } from '../../../server/src/cli/pin/diff';

/** GNU `diff -u` of the two texts, without its two header lines: the oracle for the hunks. */
function gnuHunks(before: string, after: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-diff-'));
  try {
    writeFileSync(path.join(dir, 'a'), before);
    writeFileSync(path.join(dir, 'b'), after);
    const result = spawnSync('diff', ['-u', path.join(dir, 'a'), path.join(dir, 'b')], { encoding: 'utf8' });
    return result.stdout.split('\n').slice(2).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ourHunks(before: string, edits: TextEdit[]): string {
  return unifiedDiff('f.yaml', before, edits).split('\n').slice(2).join('\n');
}

const text = ['images:', '- name: shop/api', '  newTag: "1.4"', '# keep', 'resources:', '- deploy.yaml', ''].join('\n');

test('a line inserted and a line removed, as GNU diff shows them', () => {
  const insertAt = text.indexOf('\n', text.indexOf('shop/api'));
  const tagLine = text.indexOf('  newTag');
  const edits = [
    { start: insertAt, end: insertAt, newText: '\n  digest: sha256:abc' },
    { start: tagLine, end: text.indexOf('\n', tagLine) + 1, newText: '' },
  ];
  assert.equal(ourHunks(text, edits), gnuHunks(text, applyEdits(text, edits)));
});

test('no change, no diff', () => {
  assert.equal(unifiedDiff('f.yaml', text, [{ start: 3, end: 5, newText: text.slice(3, 5) }]), '');
});

test('random line edits: the same hunks as GNU diff', () => {
  const lines = fc.array(fc.constantFrom('a', 'b', 'image: x:1', '  - name: y', '', '# c'), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(lines, fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.constantFrom('X', 'Y\nZ', '', 'image: x:1@sha256:d')), { maxLength: 4 }), (rows, finalNewline, changes) => {
      const before = rows.join('\n') + (finalNewline ? '\n' : '');
      // Whole-line replacements at distinct lines, so the expected diff is unambiguous.
      const starts = [0];
      for (let i = before.indexOf('\n'); i !== -1 && i + 1 < before.length; i = before.indexOf('\n', i + 1)) {
        starts.push(i + 1);
      }
      const chosen = [...new Set(changes.map(([line]) => line % starts.length))].sort((a, b) => a - b);
      const edits = chosen.map((line, index) => {
        const start = starts[line] as number;
        const nextLine = before.indexOf('\n', start);
        const end = nextLine === -1 ? before.length : nextLine;
        return { start, end, newText: changes[index]?.[1] ?? 'X' };
      });
      const after = applyEdits(before, edits);
      const ours = ourHunks(before, edits);
      // GNU diff may align equal lines differently inside a hunk; compare what each side removes and adds.
      const lineSet = (hunks: string, sign: string) =>
        hunks
          .split('\n')
          .filter((line) => line.startsWith(sign))
          .sort()
          .join('\n');
      const theirs = gnuHunks(before, after);
      assert.equal(lineSet(ours, '+').length - lineSet(ours, '-').length, lineSet(theirs, '+').length - lineSet(theirs, '-').length);
      assert.equal(applyUnified(before, ours), after);
    }),
    { numRuns: 200 },
  );
});

/** Applies our hunks to `before` with GNU patch: the diff must reproduce the edited text. */
function applyUnified(before: string, hunks: string): string {
  if (hunks === '') {
    return before;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-patch-'));
  try {
    writeFileSync(path.join(dir, 'f.yaml'), before);
    writeFileSync(path.join(dir, 'p.diff'), `--- a/f.yaml\n+++ b/f.yaml\n${hunks}`);
    const result = spawnSync('patch', ['-p1', '-s', '-o', '-', path.join(dir, 'f.yaml'), path.join(dir, 'p.diff')], { encoding: 'utf8', cwd: dir });
    assert.equal(result.status, 0, result.stderr + result.stdout);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
