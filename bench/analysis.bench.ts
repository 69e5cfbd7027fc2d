// The build analyzeText uses here, in process (the `yaml` package's Node build), not the bundles' (bench/shippedYaml.ts).
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../server/src/core/analyze';
import type { FileAnalysis } from '../server/src/core/model';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import type { Benchmark } from './benchmark';
import { QUICK } from './benchMode';
import { collectGarbage } from './gc';
import { generateManifest } from './manifestGenerator';
import { formatMs, median, timeMs } from './stats';

/** Sizes from the issue; fewer iterations for the big file keep the run short. */
const SIZES = [
  { lines: 1_000, iterations: QUICK ? 5 : 40 },
  { lines: 10_000, iterations: QUICK ? 3 : 15 },
  ...(QUICK ? [] : [{ lines: 100_000, iterations: 5 }]),
];
const WARM_UP_ITERATIONS = 3;
const TARGET_RATIO_10K = 1.5;

const analyze = (text: string): FileAnalysis => analyzeText(text, { path: 'bench/generated.yaml', settings: DEFAULT_SETTINGS });

interface SizeResult {
  lines: number;
  bytes: number;
  images: number;
  findings: number;
  parseMedianMs: number;
  analyzeMedianMs: number;
  ratio: number;
  retainedHeapMb: number;
}

function measure(lines: number, iterations: number): SizeResult {
  const text = generateManifest(lines);
  for (let i = 0; i < WARM_UP_ITERATIONS; i++) {
    parseAllDocuments(text);
    analyze(text);
  }
  // Alternating the two keeps both under the same conditions (JIT state, GC pressure, CPU clock).
  const parseSamples: number[] = [];
  const analyzeSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    parseSamples.push(timeMs(() => parseAllDocuments(text)));
    analyzeSamples.push(timeMs(() => analyze(text)));
  }

  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const analysis = analyze(text);
  collectGarbage();
  const retainedHeapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;

  const parseMedianMs = median(parseSamples);
  const analyzeMedianMs = median(analyzeSamples);
  return {
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    images: analysis.images.length,
    findings: analysis.findings.length,
    parseMedianMs,
    analyzeMedianMs,
    ratio: analyzeMedianMs / parseMedianMs,
    retainedHeapMb,
  };
}

export const benchmark: Benchmark = {
  name: 'analysis',
  description: `analyzeText vs yaml parseAllDocuments on the same text (median of N after ${WARM_UP_ITERATIONS} warm-ups); target ≤ ${TARGET_RATIO_10K}× on 10k lines`,
  async run() {
    const results = SIZES.map(({ lines, iterations }) => ({ ...measure(lines, iterations), iterations }));
    const tenK = results.find((result) => result.lines >= 10_000 && result.lines < 100_000);
    return {
      table: {
        columns: ['lines', 'KiB', 'images', 'findings', 'N', 'parse ms', 'analyze ms', 'ratio', 'heap Δ MiB'],
        rows: results.map((result) => [
          String(result.lines),
          (result.bytes / 1024).toFixed(0),
          String(result.images),
          String(result.findings),
          String(result.iterations),
          formatMs(result.parseMedianMs),
          formatMs(result.analyzeMedianMs),
          `${result.ratio.toFixed(2)}×`,
          result.retainedHeapMb.toFixed(1),
        ]),
      },
      results,
      notes: [
        'heap Δ: heap retained by one analysis result (after full GC), not peak usage; a few hundred KiB either way is GC noise.',
        tenK === undefined
          ? 'no 10k-line result'
          : `10k lines: ${tenK.ratio.toFixed(2)}× bare parse — target ≤ ${TARGET_RATIO_10K}× ${tenK.ratio <= TARGET_RATIO_10K ? 'met' : 'MISSED'}`,
      ],
    };
  },
};
