import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Range } from '../../../server/src/core/model';
import { analyse, yaml } from './fixtures';

/** The text a range covers, the way an editor would select it. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  const first = (lines[range.start.line] ?? '').slice(range.start.character);
  const middle = lines.slice(range.start.line + 1, range.end.line);
  const last = (lines[range.end.line] ?? '').slice(0, range.end.character);
  return [first, ...middle, last].join('\n');
}

const pod = (...containerLines: string[]) => yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', ...containerLines);

test('a block scalar image: the range covers the value text, not the indicator or line breaks', () => {
  for (const indicator of ['>-', '|-', '>', '|', '>+ # keep']) {
    const text = pod('    - name: a', `      image: ${indicator}`, '        alpine:3.23', '      imagePullPolicy: IfNotPresent');
    const [image] = analyse(text).images;
    assert.ok(image, indicator);
    assert.equal(textAt(text, image.range), 'alpine:3.23', indicator);
    assert.deepEqual(image.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 19 } }, indicator);
  }
});

test('a block scalar image without a policy: the policy line goes after the value', () => {
  const text = pod('    - name: a', '      image: >-', '        alpine:3.23', '    - name: b', '      image: busybox:1.36');
  const [image] = analyse(text).images;
  assert.deepEqual(image?.policyInsertion?.position, { line: 8, character: 19 });
  assert.equal(image?.policyInsertion?.prefix, '\n      ');
});

test('an aliased image: the range is the anchored scalar, shared by every alias', () => {
  const text = pod('    - name: a', '      image: &appimg "registry.example/app:1.4"', '    - name: b', '      image: *appimg', '    - name: c', '      image: *appimg');
  const images = analyse(text).images;
  assert.equal(images.length, 3);
  for (const image of images) {
    assert.equal(textAt(text, image.range), 'registry.example/app:1.4');
    assert.deepEqual(image.range, images[0]?.range);
  }
  // The policy of an aliased image is still inserted under its own `image` key.
  assert.deepEqual(images[2]?.policyInsertion?.position, { line: 11, character: 20 });
});
