import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Folders known to hold (or not hold) a `Chart.yaml`; a workspace has few charts and many files. */
const chartFolders = new Map<string, boolean>();

/**
 * A file is a Helm chart template when it sits under a `templates/` folder whose
 * parent holds `Chart.yaml`. Only there are `{{ … }}` Helm actions; elsewhere
 * they are other tools' placeholders (Argo parameters, a `sed` script).
 */
export function isChartTemplate(absolutePath: string): boolean {
  const parts = absolutePath.split(path.sep);
  for (let index = parts.length - 2; index > 0; index--) {
    if (parts[index] === 'templates') {
      const chart = parts.slice(0, index).join(path.sep) || path.sep;
      let known = chartFolders.get(chart);
      if (known === undefined) {
        known = existsSync(path.join(chart, 'Chart.yaml'));
        chartFolders.set(chart, known);
      }
      if (known) {
        return true;
      }
    }
  }
  return false;
}

/** A `Chart.yaml` was created or deleted: forget what was known about its folder. */
export function forgetChartFolder(folder: string): void {
  chartFolders.delete(folder);
}
