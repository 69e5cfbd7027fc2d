/**
 * Test and field-test adapter: a chart folder on disk → the core's `ChartFiles`
 * (text files by chart-relative path, `charts/*.tgz` read in memory).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../../../server/src/core/helm/chart/loadChart';
import { readChartArchive } from '../../../server/src/workspace/chartArchive';

const MAX_FILE = 5 * 1024 * 1024;

export function readChartDir(dir: string, depth = 0): ChartFiles {
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
  return { files, archives, linked: linkedCharts(dir, files, depth) };
}

/** `file://` dependencies that are not vendored, read from their folders (as `helm dependency build` would copy them). */
function linkedCharts(dir: string, files: Record<string, string>, depth: number): Record<string, ChartFiles> {
  const linked: Record<string, ChartFiles> = {};
  const chartYaml = files['Chart.yaml'] ?? '';
  for (const match of chartYaml.matchAll(/repository:\s*["']?(file:\/\/[^"'\s]+)/g)) {
    const repository = match[1] as string;
    const target = path.resolve(dir, repository.slice('file://'.length));
    if (depth < 8 && existsSync(path.join(target, 'Chart.yaml'))) {
      linked[repository] = readChartDir(target, depth + 1);
    }
  }
  return linked;
}
