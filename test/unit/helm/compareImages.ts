/**
 * Compares the containers of our rendering with those of the real `helm template`, both
 * located by the same locator, as multisets of (template, resource, container path, image,
 * effective pull policy). Shared by the oracle test and scripts/field-test-helm.ts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadChart } from '../../../server/src/core/helm/chart/loadChart';
import type { ChartContainers } from '../../../server/src/core/helm/containers';
import { chartContainers } from '../../../server/src/core/helm/containers';
import type { ChartRendering } from '../../../server/src/core/helm/render';
import { renderChart } from '../../../server/src/core/helm/render';
import { analyzeDocument } from '../../../server/src/core/documentAnalysis';
import { splitDocuments } from '../../../server/src/core/yaml/documentChunks';
import { readChartDir } from './chartDir';
import type { HelmArgs, HelmRun } from './helmOracle';
import { helmTemplate, outputBySource, valueFlags } from './helmOracle';

const CONTEXT = { alwaysPullImagesAdmission: false, chartTemplate: false };

export interface ImageRow {
  source: string;
  /** `Kind/name`; the name is shown but not compared (charts name test pods with `randAlphaNum`). */
  resource: string;
  containerPath: string;
  image: string;
  policy: string;
}

export function rowKey(row: ImageRow): string {
  const kind = row.resource.split('/')[0];
  return `${row.source} ${kind} ${row.containerPath} image=${row.image} policy=${row.policy}`;
}

export function helmRows(stdout: string): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const [source, documents] of outputBySource(stdout)) {
    for (const document of documents) {
      for (const chunk of splitDocuments(document)) {
        for (const image of analyzeDocument(chunk.text, 0, CONTEXT).images) {
          rows.push({
            source,
            resource: `${image.resource.kind}/${image.resource.name}`,
            containerPath: image.containerPath,
            image: image.image,
            policy: String(image.pullPolicy.effective),
          });
        }
      }
    }
  }
  return rows;
}

export function ourRows(containers: ChartContainers): ImageRow[] {
  return containers.containers.map((c) => ({
    source: c.template,
    resource: `${c.resource.kind}/${c.resource.name}`,
    containerPath: c.containerPath,
    image: c.image,
    policy: String(c.pullPolicy.effective),
  }));
}

export interface Comparison {
  helm: HelmRun;
  rendering: ChartRendering;
  containers: ChartContainers;
  helmRows: ImageRow[];
  ourRows: ImageRow[];
  /** In helm's output but not ours, and the reverse. */
  missing: string[];
  extra: string[];
}

export function compareChart(chartDir: string, args: HelmArgs = {}): Comparison {
  const helm = helmTemplate(chartDir, args);
  const chart = loadChart(readChartDir(chartDir));
  const rendering = renderChart(chart, {
    values: {
      files: (args.valuesFiles ?? []).map((file) => ({ file: path.relative(chartDir, file), text: readFileSync(file, 'utf8') })),
      ...valueFlags(args),
    },
    release: args.releaseName ? { name: args.releaseName } : undefined,
  });
  const containers = chartContainers(rendering, CONTEXT);
  const theirs = helm.ok ? helmRows(helm.stdout) : [];
  const ours = ourRows(containers);
  const counts = new Map<string, number>();
  for (const row of theirs) {
    counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
  }
  const extra: string[] = [];
  for (const row of ours) {
    const key = rowKey(row);
    const count = counts.get(key) ?? 0;
    if (count > 0) {
      counts.set(key, count - 1);
    } else {
      extra.push(key);
    }
  }
  const missing = [...counts].flatMap(([key, count]) => Array.from({ length: count }, () => key));
  return { helm, rendering, containers, helmRows: theirs, ourRows: ours, missing, extra };
}
