/**
 * The contract between `run.ts` and each `*.bench.ts` file: a bench file
 * exports `benchmark`, the runner runs them in file-name order, prints each
 * table and collects each `results` under the benchmark's name in
 * bench/results.json.
 */
export interface Benchmark {
  name: string;
  /** One line printed above the table: what is measured and against which target. */
  description: string;
  run(): Promise<BenchmarkReport>;
}

export interface BenchmarkReport {
  table: { columns: string[]; rows: string[][] };
  /** Machine-readable figures, written to results.json. */
  results: unknown;
  /** Lines printed under the table (targets met or missed, caveats). */
  notes: string[];
}
