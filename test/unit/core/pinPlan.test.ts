import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EditTarget, ImageOccurrence } from '../../../server/src/core/model';
import { DIGEST_PLACEHOLDER } from '../../../server/src/core/model';
import { editsByFile, pinEdits, planPin } from '../../../server/src/core/pin/plan';
import { analyse, deployment } from './fixtures';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** The single image of a Deployment, with its text for the planner to read. */
function imageOf(image: string, policy?: string): { occurrence: ImageOccurrence; textAt: (target: EditTarget) => string | null } {
  const text = deployment(image, policy);
  const occurrence = analyse(text).images[0];
  assert.ok(occurrence);
  const lines = text.split('\n');
  const textAt = (target: EditTarget): string | null =>
    target.file === null ? (lines[target.range.start.line] ?? '').slice(target.range.start.character, target.range.end.character) : null;
  return { occurrence, textAt };
}

test('a tag is looked up and written in place; no tag means latest', () => {
  for (const [image, reference] of [
    ['nginx:1.25', '1.25'],
    ['nginx', 'latest'],
    ['"registry.example.com/team/app:2.0"', '2.0'],
  ] as const) {
    const { occurrence, textAt } = imageOf(image);
    const plan = planPin(occurrence, textAt, { refresh: false });
    assert.equal(plan.kind, 'lookup', image);
    if (plan.kind === 'lookup') {
      assert.equal(plan.lookup.reference, reference);
      assert.equal(plan.target.kind, 'image');
      assert.deepEqual(
        pinEdits(occurrence, plan, digest, 'keepTag').map((edit) => edit.newText),
        [`${occurrence.image}@${digest}`],
      );
    }
  }
});

test('already pinned images are counted unless refreshed; digest-only ones cannot be refreshed', () => {
  const tagged = imageOf(`nginx:1.25@${digest}`);
  assert.equal(planPin(tagged.occurrence, tagged.textAt, { refresh: false }).kind, 'already-pinned');
  assert.equal(planPin(tagged.occurrence, tagged.textAt, { refresh: true }).kind, 'lookup');
  const digestOnly = imageOf(`nginx@${digest}`);
  const plan = planPin(digestOnly.occurrence, digestOnly.textAt, { refresh: true });
  assert.deepEqual(plan, { kind: 'cannot', reason: 'the image is pinned by digest only; there is no tag to look up' });
});

test('refusals: placeholders, invalid references, text that is not the value', () => {
  const placeholder = imageOf('ko://example.com/app');
  assert.match(String((planPin(placeholder.occurrence, placeholder.textAt, { refresh: false }) as { reason?: string }).reason), /ko fills it in/);
  const invalid = imageOf('Nginx:1');
  assert.match(String((planPin(invalid.occurrence, invalid.textAt, { refresh: false }) as { reason?: string }).reason), /^invalid image reference/);
  const moved = imageOf('nginx:1.25');
  const plan = planPin(moved.occurrence, () => 'nginx:1.26', { refresh: false });
  assert.equal(plan.kind, 'cannot');
});

test('a malformed digest is never written', () => {
  const { occurrence, textAt } = imageOf('nginx:1.25');
  const plan = planPin(occurrence, textAt, { refresh: false });
  assert.equal(plan.kind, 'lookup');
  if (plan.kind === 'lookup') {
    assert.throws(() => pinEdits(occurrence, plan, 'sha256:abc', 'keepTag'));
  }
});

test('edits are grouped by file; repeats merge, conflicting texts for one place are both dropped', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } };
  const other = { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } };
  const { files, conflicts } = editsByFile([
    { file: 'values.yaml', range, newText: 'a' },
    { file: 'values.yaml', range, newText: 'a' },
    { file: 'values.yaml', range: other, newText: 'b' },
    { file: 'values-prod.yaml', range, newText: 'c' },
    { file: 'values-prod.yaml', range, newText: 'd' },
    { file: null, range, newText: 'e' },
  ]);
  assert.deepEqual([...files.keys()], ['values.yaml', null]);
  assert.deepEqual(
    files.get('values.yaml')?.map((edit) => edit.newText),
    ['a', 'b'],
  );
  assert.deepEqual(
    conflicts.map((edit) => edit.newText),
    ['c', 'd'],
  );
});

test('a source that lays out its own edits gets them, with the digest in place of the placeholder', () => {
  const { occurrence } = imageOf('shop/api:1.4');
  const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  const entry: ImageOccurrence = {
    ...occurrence,
    editTargets: [
      { file: 'overlays/prod/kustomization.yaml', range: range(5, 10, 13), kind: 'tag' },
      {
        file: 'overlays/prod/kustomization.yaml',
        range: range(4, 0, 6),
        kind: 'kustomize-image',
        pinEdits: {
          keepTag: [{ range: range(5, 13, 13), newText: `\n    digest: ${DIGEST_PLACEHOLDER}` }],
          digestOnly: [{ range: range(5, 4, 13), newText: `digest: ${DIGEST_PLACEHOLDER}` }],
        },
      },
    ],
  };
  const plan = planPin(entry, () => null, { refresh: false });
  assert.equal(plan.kind, 'lookup');
  if (plan.kind !== 'lookup') {
    return;
  }
  assert.equal(plan.target.kind, 'kustomize-image');
  assert.deepEqual(
    pinEdits(entry, plan, digest, 'keepTag').map((edit) => [edit.file, edit.newText]),
    [['overlays/prod/kustomization.yaml', `\n    digest: ${digest}`]],
  );
  assert.deepEqual(
    pinEdits(entry, plan, digest, 'digestOnly').map((edit) => edit.newText),
    [`digest: ${digest}`],
  );
  assert.throws(() => pinEdits(entry, plan, 'sha256:bad', 'keepTag'));
});

test('a tag field without a digest field gets tag@digest', () => {
  const { occurrence } = imageOf('shop/api:1.4');
  const valuesTag: ImageOccurrence = {
    ...occurrence,
    editTargets: [{ file: 'values.yaml', range: { start: { line: 3, character: 7 }, end: { line: 3, character: 10 } }, kind: 'tag' }],
  };
  const plan = planPin(valuesTag, () => '1.4', { refresh: false });
  assert.equal(plan.kind, 'lookup');
  if (plan.kind === 'lookup') {
    assert.deepEqual(
      pinEdits(valuesTag, plan, digest, 'keepTag').map((edit) => [edit.file, edit.newText]),
      [['values.yaml', `1.4@${digest}`]],
    );
  }
});
