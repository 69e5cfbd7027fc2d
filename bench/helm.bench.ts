/**
 * Helm edit speed (issue 14, Must show "Bench"): on a kube-prometheus-stack-sized chart
 * written for the bench (helmChartGenerator.ts), the real server over stdio opens
 * values.yaml and values-prod.yaml, then one-line tag edits are timed to the updated
 * publishDiagnostics; the baseline, in the same run, is the real `helm template` rendering
 * the environments the edit changes (every environment for values.yaml, prod alone for
 * values-prod.yaml).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { oracles } from '../test/oracles/oracles';
import type { Benchmark } from './benchmark';
import { QUICK } from './benchMode';
import { writeStackChart } from './helmChartGenerator';
import type { LanguageServerProcess } from './languageServerProcess';
import { startLanguageServerProcess } from './languageServerProcess';
import { formatMs, median, percentile } from './stats';

const EDITS = QUICK ? 4 : 20;
const HELM_RUNS = QUICK ? 1 : 5;
const WAIT_MS = 120_000;

interface EditFigures {
  p50Ms: number;
  p95Ms: number;
  /** Diagnostics counts after each edit: they must alternate, or the edits changed nothing. */
  counts: number[];
}

/** Median wall time of `helm template` for each value set (`[]` is the chart's own values), summed. */
function helmTemplateMs(helm: string, dir: string, valueSets: readonly string[][]): number {
  return valueSets.reduce((total, files) => {
    const samples = Array.from({ length: HELM_RUNS }, () => {
      const start = performance.now();
      execFileSync(helm, ['template', 'bench', dir, ...files.flatMap((file) => ['-f', path.join(dir, file)])], { stdio: ['ignore', 'ignore', 'pipe'] });
      return performance.now() - start;
    });
    return total + median(samples);
  }, 0);
}

/** didChange of one line (the text of `from` becomes `to` and back) → the publishDiagnostics of that version. */
async function timeEdits(server: LanguageServerProcess, uri: string, text: string, from: string, to: string): Promise<EditFigures> {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(from));
  if (line === -1) {
    throw new Error(`no line with ${from}`);
  }
  const samples: number[] = [];
  const counts: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    const version = edit + 2;
    const before = lines[line] as string;
    const after = edit % 2 === 0 ? before.replace(from, to) : before.replace(to, from);
    lines[line] = after;
    const published = server.nextDiagnostics(uri, (params) => params.version === version);
    const start = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: before.length } }, text: after }],
    });
    counts.push((await within(published, `diagnostics of version ${version}`)).diagnostics.length);
    samples.push(performance.now() - start);
  }
  return { p50Ms: median(samples), p95Ms: percentile(samples, 0.95), counts };
}

/** A server that never publishes must fail the bench, not hang it. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS / 1000} s`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function alternates(counts: readonly number[]): boolean {
  return counts.every((count, index) => index === 0 || count !== counts[index - 1]);
}

export const benchmark: Benchmark = {
  name: 'helm',
  description: `kube-prometheus-stack-sized chart: open → diagnostics, one-line values edits → updated diagnostics (${EDITS} edits), against the real 'helm template' of the environments the edit changes`,
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'kil-bench-helm-'));
    try {
      const chart = writeStackChart(dir);
      let helm: string | null = null;
      let helmSkipped = '';
      try {
        helm = oracles().helm;
      } catch (error) {
        helmSkipped = `helm template not timed: the oracle is unavailable (${error instanceof Error ? error.message : String(error)}); ratios are blank`;
      }
      const allEnvironments = [[], ...chart.environmentFiles.map((file) => [file])];
      const helmAllMs = helm ? helmTemplateMs(helm, dir, allEnvironments) : NaN;
      const helmProdMs = helm ? helmTemplateMs(helm, dir, [['values-prod.yaml']]) : NaN;

      const server = await startLanguageServerProcess(pathToFileURL(dir).href);
      const valuesUri = pathToFileURL(path.join(dir, 'values.yaml')).href;
      const prodUri = pathToFileURL(path.join(dir, 'values-prod.yaml')).href;
      const valuesText = readFileSync(path.join(dir, 'values.yaml'), 'utf8');
      const prodText = readFileSync(path.join(dir, 'values-prod.yaml'), 'utf8');
      let open: { firstMs: number; chartMs: number; findings: number };
      let valuesEdit: EditFigures;
      let prodEdit: EditFigures;
      try {
        const opened = performance.now();
        let firstMs = NaN;
        const first = server.nextDiagnostics(valuesUri).then(() => (firstMs = performance.now() - opened));
        // The chart's findings land on values.yaml once the chart is rendered (init containers run `latest`).
        const rendered = server.nextDiagnostics(valuesUri, (params) => params.diagnostics.length > 0);
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: valuesUri, languageId: 'yaml', version: 1, text: valuesText } });
        const findings = (await within(rendered, 'chart findings on values.yaml')).diagnostics.length;
        const chartMs = performance.now() - opened;
        await first;
        open = { firstMs, chartMs, findings };
        valuesEdit = await timeEdits(server, valuesUri, valuesText, 'tag: v0.7.0', 'tag: latest');
        const prodOpened = server.nextDiagnostics(prodUri);
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: prodUri, languageId: 'yaml', version: 1, text: prodText } });
        await within(prodOpened, 'diagnostics of values-prod.yaml');
        prodEdit = await timeEdits(server, prodUri, prodText, 'tag: v0.7.1', 'tag: latest');
      } finally {
        await server.stop();
      }

      const ratio = (ms: number, baseline: number): string => (Number.isNaN(baseline) ? '' : `${(ms / baseline).toFixed(2)}×`);
      const helmCell = (ms: number): string => (Number.isNaN(ms) ? 'skipped' : formatMs(ms));
      const environments = allEnvironments.length;
      return {
        table: {
          columns: ['run', 'p50 ms', 'p95 ms', 'vs helm template'],
          rows: [
            [`helm template, ${environments} environments (baseline)`, helmCell(helmAllMs), '', helm ? '1.00×' : ''],
            ['helm template, prod only (baseline)', helmCell(helmProdMs), '', helm ? '1.00×' : ''],
            ['open values.yaml → first diagnostics', formatMs(open.firstMs), '', ratio(open.firstMs, helmAllMs)],
            ['open values.yaml → chart findings', formatMs(open.chartMs), '', ratio(open.chartMs, helmAllMs)],
            ['values.yaml edit → diagnostics (all environments)', formatMs(valuesEdit.p50Ms), formatMs(valuesEdit.p95Ms), ratio(valuesEdit.p50Ms, helmAllMs)],
            ['values-prod.yaml edit → diagnostics (prod)', formatMs(prodEdit.p50Ms), formatMs(prodEdit.p95Ms), ratio(prodEdit.p50Ms, helmProdMs)],
          ],
        },
        results: {
          templates: chart.templateCount,
          environments,
          edits: EDITS,
          helmAllEnvironmentsMs: helmAllMs,
          helmProdMs,
          openFirstDiagnosticsMs: open.firstMs,
          openChartFindingsMs: open.chartMs,
          findingsOnOpen: open.findings,
          valuesEdit,
          prodEdit,
        },
        notes: [
          `${chart.templateCount} template files (parent, library and 3 application subcharts), ${environments} environments; ${open.findings} findings on values.yaml after open.`,
          `edits toggle one tag between a version and \`latest\`: diagnostics counts ${alternates(valuesEdit.counts) && alternates(prodEdit.counts) ? 'changed with every edit' : 'DID NOT change with every edit'} (values.yaml ${valuesEdit.counts.join('/')}, values-prod.yaml ${prodEdit.counts.join('/')}).`,
          'ratios: ours / the real helm template of the environments the edit changes (one process per environment, its start-up included; our times include the 200 ms-at-most adaptive debounce).',
          ...(helmSkipped ? [helmSkipped] : []),
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
