/**
 * Helm pin targets are computed on first use; the hover's cheap test of where they may lie
 * must never rule out a place where one is (else a hover would miss a values key).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { mayHaveTargetAt } from '../../../server/src/core/units/lazyEditTargets';
import { HELM_FIXTURES, LATEST_TAG_CHART, unitOf } from './helmUnitFixture';

const charts = [LATEST_TAG_CHART, ...readdirSync(HELM_FIXTURES).map((name) => path.join(HELM_FIXTURES, name))].filter((dir) => existsSync(path.join(dir, 'Chart.yaml')));

describe('lazy Helm edit targets', () => {
  test('the fixtures have charts with pin targets', () => {
    assert.ok(charts.length >= 10);
  });

  for (const dir of charts) {
    test(`${path.basename(dir)}: every target's start and end pass the hint`, () => {
      const unit = unitOf(dir);
      let targets = 0;
      for (const image of unit.images) {
        for (const target of image.editTargets) {
          targets++;
          assert.ok(target.file);
          for (const position of [target.range.start, target.range.end]) {
            assert.ok(mayHaveTargetAt(image, target.file, position), `${image.environment} ${image.container} ${target.kind} at ${target.file}:${position.line}:${position.character}`);
          }
        }
      }
      assert.ok(targets > 0 || unit.images.length === 0, 'some targets');
    });
  }
});
