/**
 * Runs every `bench/*.bench.ts` in file-name order (`npm run bench`, after a
 * build, since some benchmarks drive the bundled server), prints a table per
 * benchmark and writes all figures to bench/results.json.
 *
 * Adding a benchmark (e.g. the registry client's digest lookups against the
 * local registry harness): create `bench/<name>.bench.ts` exporting
 * `benchmark: Benchmark` (see benchmark.ts). Nothing here needs to change.
 * Targets are reported, never asserted: a slow CI machine must not fail a build.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Benchmark } from './benchmark';
import { QUICK } from './benchMode';
import { formatTable } from './table';

const BENCH_DIR = __dirname;
const RESULTS_FILE = path.join(BENCH_DIR, QUICK ? 'results-quick.json' : 'results.json');

async function loadBenchmarks(only: readonly string[]): Promise<Benchmark[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(path.join(BENCH_DIR, file))) as { benchmark?: Benchmark };
    if (module.benchmark === undefined) {
      throw new Error(`${file} does not export 'benchmark'`);
    }
    if (only.length === 0 || only.includes(module.benchmark.name)) {
      benchmarks.push(module.benchmark);
    }
  }
  return benchmarks;
}

function previousResults(): Record<string, unknown> {
  if (!existsSync(RESULTS_FILE)) {
    return {};
  }
  const previous = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { results?: Record<string, unknown> };
  return { ...previous.results };
}

async function main(): Promise<void> {
  // `npm run bench -- editing` runs only the named benchmarks; `--quick` is the CI mode (benchMode.ts).
  const benchmarks = await loadBenchmarks(process.argv.slice(2).filter((argument) => !argument.startsWith('--')));
  // Running a subset keeps the other benchmarks' last figures instead of dropping them.
  const results: Record<string, unknown> = previousResults();
  for (const benchmark of benchmarks) {
    process.stdout.write(`\n== ${benchmark.name}: ${benchmark.description}\n`);
    const report = await benchmark.run();
    process.stdout.write(`${formatTable(report.table.columns, report.table.rows)}\n`);
    for (const note of report.notes) {
      process.stdout.write(`  ${note}\n`);
    }
    results[benchmark.name] = report.results;
  }
  const environment = { quick: QUICK, load: os.loadavg(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpu: os.cpus()[0]?.model ?? 'unknown', date: new Date().toISOString() };
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ environment, results }, null, 2)}\n`);
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
