import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from '../../../server/src/registry/retryPolicy';

test('Retry-After in seconds', () => {
  assert.equal(parseRetryAfter('0'), 0);
  assert.equal(parseRetryAfter('120'), 120_000);
  assert.equal(parseRetryAfter(' 3 '), 3000);
  assert.equal(parseRetryAfter(['7', '9']), 7000);
});

test('Retry-After as an HTTP date', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0); // past → now
});

test('Retry-After garbage is ignored', () => {
  for (const v of [undefined, null, '', '-1', '1.5', 'soon', '12abc']) {
    assert.equal(parseRetryAfter(v), undefined, String(v));
  }
});

test('retryable statuses and backoff bounds', () => {
  assert.deepEqual([429, 500, 502, 503, 504].map(isRetryableStatus), [true, true, true, true, true]);
  assert.deepEqual([400, 401, 403, 404, 501].map(isRetryableStatus), [false, false, false, false, false]);
  assert.equal(backoffDelay(0, 200, 5000, () => 0), 100);
  assert.equal(backoffDelay(0, 200, 5000, () => 1), 200);
  assert.equal(backoffDelay(3, 200, 5000, () => 1), 1600);
  assert.equal(backoffDelay(20, 200, 5000, () => 1), 5000);
});

test('sleep is cancellable', async () => {
  const ac = new AbortController();
  const p = sleep(10_000, ac.signal);
  ac.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});
