/**
 * Field test: every top-level chart (a folder with Chart.yaml that is not inside another
 * chart) under the given folders is rendered by the real `helm template` and by ours, with
 * the chart's own values, and their containers' images and effective pull policies compared.
 *
 *   node --import tsx scripts/field-test-helm.ts DIR... [--environments] [--verbose]
 *
 * With --environments, every environment values file next to a chart (values-*.yaml,
 * values.*.yaml, values/*.yaml) is compared too, as `helm template -f <file>`.
 *
 * Not part of `npm test` (it needs corpora outside the repository).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { discoverEnvironments } from '../server/src/core/helm/environments';
import { readChartDir } from '../test/unit/helm/chartDir';
import { compareChart } from '../test/unit/helm/compareImages';
import type { HelmArgs } from '../test/unit/helm/helmOracle';

type Verdict = 'agree' | 'partial' | 'disagree' | 'helm-failed';

interface ChartResult {
  dir: string;
  verdict: Verdict;
  helmImages: number;
  ourImages: number;
  matched: number;
  unknownTemplates: number;
  detail: string[];
  ms: number;
}

function topLevelCharts(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (existsSync(path.join(dir, 'Chart.yaml'))) {
      found.push(dir);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') {
        walk(path.join(dir, entry.name));
      }
    }
  };
  walk(path.resolve(root));
  return found.sort();
}

function judge(dir: string, args: HelmArgs): ChartResult {
  const started = Date.now();
  const c = compareChart(dir, args);
  const detail: string[] = [];
  let verdict: Verdict;
  const unknown = c.containers.unknown;
  if (!c.helm.ok) {
    verdict = 'helm-failed';
    detail.push(`helm: ${c.helm.stderr.trim().split('\n')[0]}`);
    const reasons = [c.rendering.fatal, ...c.rendering.missing.map((m) => m.message), ...c.rendering.linked.map((m) => m.message), ...unknown.map((u) => `${u.template}: ${u.reason}`)].filter((r): r is string => !!r);
    detail.push(reasons.length > 0 ? `ours: ${reasons.join('; ')}` : 'ours: no reason given');
    if (c.ourRows.length > 0) {
      detail.push(`ours: ${c.ourRows.length} images rendered where helm stops (file:// dependencies read from their folders, or templates that do not need a missing dependency)`);
    }
  } else if (c.extra.length > 0 || (c.missing.length > 0 && unknown.length === 0) || c.rendering.fatal) {
    verdict = 'disagree';
    detail.push(...c.extra.map((row) => `extra   ${row}`), ...c.missing.map((row) => `missing ${row}`));
    if (c.rendering.fatal) {
      detail.push(`ours fatal: ${c.rendering.fatal}`);
    }
  } else if (unknown.length > 0) {
    verdict = 'partial';
    detail.push(...unknown.map((u) => `unknown ${u.template}: ${u.reason}`));
  } else {
    verdict = 'agree';
  }
  return {
    dir,
    verdict,
    helmImages: c.helmRows.length,
    ourImages: c.ourRows.length,
    matched: c.ourRows.length - c.extra.length,
    unknownTemplates: unknown.length,
    detail,
    ms: Date.now() - started,
  };
}

interface Run {
  label: string;
  args: HelmArgs;
}

/** The chart's own values, plus (with --environments) each environment values file. */
function runsOf(chartDir: string, withEnvironments: boolean): Run[] {
  const runs: Run[] = [{ label: '', args: {} }];
  if (withEnvironments) {
    for (const environment of discoverEnvironments(Object.keys(readChartDir(chartDir).files)).slice(1)) {
      runs.push({ label: ` [${environment.name}]`, args: { valuesFiles: environment.valuesFiles.map((file) => path.join(chartDir, file)) } });
    }
  }
  return runs;
}

function judgeSafely(chartDir: string, run: Run): ChartResult {
  const dir = chartDir + run.label;
  try {
    return { ...judge(chartDir, run.args), dir };
  } catch (error) {
    return { dir, verdict: 'disagree', helmImages: 0, ourImages: 0, matched: 0, unknownTemplates: 0, detail: [`crash: ${(error as Error).stack}`], ms: 0 };
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const withEnvironments = args.includes('--environments');
  const roots = args.filter((arg) => !arg.startsWith('--'));
  if (roots.length === 0) {
    console.error('usage: node --import tsx scripts/field-test-helm.ts DIR... [--verbose]');
    process.exit(2);
  }
  const results: ChartResult[] = [];
  for (const root of roots) {
    for (const chartDir of topLevelCharts(root)) {
      for (const run of runsOf(chartDir, withEnvironments)) {
        const result = judgeSafely(chartDir, run);
        results.push(result);
        console.log(`${result.verdict.padEnd(11)} ${String(result.matched).padStart(3)}/${String(result.helmImages).padEnd(3)} images  ${String(result.ms).padStart(5)} ms  ${path.relative(process.cwd(), result.dir) || result.dir}`);
        if (verbose || result.verdict === 'disagree') {
          for (const line of result.detail.slice(0, 12)) {
            console.log(`    ${line.slice(0, 400)}`);
          }
        }
      }
    }
  }
  const count = (verdict: Verdict): number => results.filter((r) => r.verdict === verdict).length;
  const rendered = results.filter((r) => r.verdict !== 'helm-failed');
  const helmImages = rendered.reduce((sum, r) => sum + r.helmImages, 0);
  const matched = rendered.reduce((sum, r) => sum + r.matched, 0);
  const wrong = rendered.reduce((sum, r) => sum + (r.ourImages - r.matched), 0);
  const failedWithOurMessage = results.filter((r) => r.verdict === 'helm-failed' && !r.detail.includes('ours: no reason given')).length;
  const failedButRendered = results.filter((r) => r.verdict === 'helm-failed' && r.ourImages > 0);
  console.log('');
  console.log(`renderings: ${results.length} (charts × value sets)`);
  console.log(`  helm renders offline: ${rendered.length} — agree ${count('agree')}, partial (engine cannot evaluate some templates) ${count('partial')}, disagree ${count('disagree')}`);
  console.log(`  helm fails: ${count('helm-failed')} — we name a reason (missing dependency, library chart, fail/required, bad input) for ${failedWithOurMessage}; we still render ${failedButRendered.reduce((sum, r) => sum + r.ourImages, 0)} images in ${failedButRendered.length} of them`);
  console.log(`images on charts helm renders: helm ${helmImages}, ours equal ${matched} (${helmImages === 0 ? 100 : ((100 * matched) / helmImages).toFixed(1)}%), ours wrong ${wrong}`);
  if (count('disagree') > 0) {
    process.exitCode = 1;
  }
}

main();
