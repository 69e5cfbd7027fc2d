/** The diagnostics debounce follows what a document's analyses cost, within its bounds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebounceDelay } from '../../../server/src/lsp/debounceDelay';

test('waits the longest until an edit was measured, then about what the analyses cost', () => {
  const delay = new DebounceDelay();
  assert.equal(delay.ms(), DebounceDelay.MAX_MS);
  delay.measured(3);
  assert.equal(delay.ms(), DebounceDelay.MIN_MS, 'a cheap edit is not held back');
  delay.measured(57);
  assert.equal(delay.ms(), 30, 'recent analyses weigh most');
  delay.measured(5_000);
  assert.equal(delay.ms(), DebounceDelay.MAX_MS, 'a costly document waits while the user types');
});
