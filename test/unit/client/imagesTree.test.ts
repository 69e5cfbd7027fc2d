import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { viewMessage } from '../../../client/src/imagesTree';

describe('Images view message', () => {
  test('names the paths that could not be read, three at most, then counts the rest', () => {
    const failed = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ uri: `file:///w/${name}`, message: `cannot read directory '${name}': permission denied` }));
    assert.equal(viewMessage(2, failed.slice(0, 1)), "Not read: cannot read directory 'a': permission denied");
    assert.equal(
      viewMessage(2, failed),
      "Not read: cannot read directory 'a': permission denied; cannot read directory 'b': permission denied; cannot read directory 'c': permission denied (and 2 more)",
    );
  });

  test('an empty workspace says so; a listed one needs no message', () => {
    assert.equal(viewMessage(0, []), 'No container images found in this workspace.');
    assert.equal(viewMessage(3, []), undefined);
  });
});
