/**
 * Test and field-test adapter: a chart folder on disk → the core's `ChartFiles`
 * (text files by chart-relative path, `charts/*.tgz` read in memory).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../../../server/src/core/helm/chart/loadChart';
import { readChartArchive } from '../../../server/src/workspace/chartArchive';

const MAX_FILE = 5 * 1024 * 1024;

export function readChartDir(dir: string): ChartFiles {
  const files: Record<string, string> = {};
  const archives: Record<string, ChartFiles | { error: string }> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') {
          walk(rel);
        }
      } else if (entry.isFile()) {
        const full = path.join(dir, rel);
        if (/^charts\/[^/]+\.tgz$/.test(rel)) {
          archives[rel] = readChartArchive(readFileSync(full));
        } else if (statSync(full).size <= MAX_FILE) {
          files[rel] = readFileSync(full, 'utf8');
        }
      }
    }
  };
  walk('');
  return { files, archives };
}
