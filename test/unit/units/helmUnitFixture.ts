/** Runs `helmUnit` on a chart folder on disk (test adapter). */
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import type { UnitAnalysis } from '../../../server/src/core/units/unitAnalysis';
import { helmUnit } from '../../../server/src/core/units/helmUnit';
import { readChartDir } from '../helm/chartDir';

export const HELM_FIXTURES = path.resolve(__dirname, '../../fixtures/helm');
export const LATEST_TAG_CHART = path.resolve(__dirname, '../../fixtures/helm-units/latest-tag');

export function unitOf(dir: string, chartDir = 'chart'): UnitAnalysis {
  const unit = helmUnit({ files: readChartDir(dir), chartDir, relativeDirectory: chartDir, settings: DEFAULT_SETTINGS });
  if (!unit) {
    throw new Error(`no chart in ${dir}`);
  }
  return unit;
}
