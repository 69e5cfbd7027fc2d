/** The CLI's last step before writing: every edit is checked against the text it was planned on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageOccurrence } from '../../../server/src/core/model';
import type { PinPlan } from '../../../server/src/core/pin/plan';
import type { PinResult, PinSet } from '../../../server/src/cli/pin/plan';
import { fileEdits } from '../../../server/src/cli/pin/plan';

const range = (line: number) => ({ start: { line, character: 7 }, end: { line, character: 13 } });

function pinned(image: string): PinResult {
  return { file: 'values.yaml', range: range(0), image, status: 'pinned', digest: 'sha256:' + 'a'.repeat(64), newImage: `${image}@sha256:${'a'.repeat(64)}`, error: null };
}

test('an image with an edit into a file the run never read is refused whole: none of its edits is written', () => {
  const halfReadable = pinned('web:latest');
  const readable = pinned('api:1.0');
  const set: PinSet = {
    texts: new Map([['/p/values.yaml', 'tag: latest\ntag: 1.0\n']]),
    displayPaths: new Map([['/p/values.yaml', 'values.yaml']]),
    lineIndexes: new Map(),
    candidates: [
      {
        image: {} as ImageOccurrence,
        fileOf: (file) => file ?? '/p/values.yaml',
        plan: {} as PinPlan,
        result: halfReadable,
        edits: [
          { file: '/p/values.yaml', range: range(0), newText: 'latest@sha256:x' },
          { file: '/p/values-prod.yaml', range: range(0), newText: 'latest@sha256:x' },
        ],
      },
      { image: {} as ImageOccurrence, fileOf: (file) => file ?? '/p/values.yaml', plan: {} as PinPlan, result: readable, edits: [{ file: '/p/values.yaml', range: range(1), newText: '1.0@sha256:y' }] },
    ],
  };
  const files = fileEdits(set);
  assert.equal(halfReadable.status, 'failed');
  assert.match(halfReadable.error ?? '', /\/p\/values-prod\.yaml is not among the files of this run/);
  assert.equal(halfReadable.newImage, null);
  assert.deepEqual(
    files.map((file) => [file.displayPath, file.edits.map((edit) => edit.newText), file.results.map((result) => result.image)]),
    [['values.yaml', ['1.0@sha256:y'], ['api:1.0']]],
  );
  assert.equal(readable.status, 'pinned');
});
