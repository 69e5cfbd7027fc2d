import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChartFiles } from '../core/helm/chart/loadChart';
import { readChartArchive } from './chartArchive';

/** Larger files in a chart (bundled dashboards, CRDs) are left out: no image is read from them. */
const MAX_CHART_FILE = 5 * 1024 * 1024;
/** `file://` dependencies may point at each other; this many levels at most. */
const MAX_LINK_DEPTH = 8;

/**
 * A chart folder as the Helm core reads it: text files by chart-relative path,
 * `charts/*.tgz` unpacked in memory, and `file://` dependencies that are not
 * vendored read from their folders (as `helm dependency build` would copy
 * them). `openText` gives the editor's text of a file that is open.
 */
export function readChartFolder(dir: string, openText: (absolutePath: string) => string | undefined = () => undefined, depth = 0): ChartFiles {
  const files: Record<string, string> = {};
  const archives: Record<string, ChartFiles | { error: string }> = {};
  const walk = (relative: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(dir, rel);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') {
          walk(rel);
        }
      } else if (entry.isFile()) {
        try {
          if (/^charts\/[^/]+\.tgz$/.test(rel)) {
            archives[rel] = readChartArchive(readFileSync(full));
          } else {
            const open = openText(full);
            if (open !== undefined) {
              files[rel] = open;
            } else if (statSync(full).size <= MAX_CHART_FILE) {
              files[rel] = readFileSync(full, 'utf8');
            }
          }
        } catch {
          // Unreadable files are simply absent: the chart reports what it then misses.
        }
      }
    }
  };
  walk('');
  return { files, archives, linked: linkedCharts(dir, files, openText, depth) };
}

function linkedCharts(dir: string, files: Record<string, string>, openText: (absolutePath: string) => string | undefined, depth: number): Record<string, ChartFiles> {
  const linked: Record<string, ChartFiles> = {};
  const chartYaml = files['Chart.yaml'] ?? '';
  for (const match of chartYaml.matchAll(/repository:\s*["']?(file:\/\/[^"'\s]+)/g)) {
    const repository = match[1] as string;
    const target = path.resolve(dir, repository.slice('file://'.length));
    if (depth < MAX_LINK_DEPTH && existsSync(path.join(target, 'Chart.yaml'))) {
      linked[repository] = readChartFolder(target, openText, depth + 1);
    }
  }
  return linked;
}
