import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOfImage } from '../../../server/src/core/findingsOfImage';
import { analyse, deployment } from './fixtures';

test('findingsOfImage returns exactly the findings a scan would, for every image', () => {
  const text = [
    deployment('nginx:latest', 'IfNotPresent'),
    deployment('redis:7'),
    deployment(`app:1.0@sha256:${'a'.repeat(64)}`, 'always'),
    deployment('Bad:Ref', 'Never'),
  ].join('---\n');
  const analysis = analyse(text, {}, { profileOverride: 'prod' });
  assert.ok(analysis.findings.length > 3);
  for (let index = -1; index <= analysis.images.length; index++) {
    assert.deepEqual(
      findingsOfImage(analysis, index),
      analysis.findings.filter((finding) => finding.imageIndex === index),
    );
  }
});
