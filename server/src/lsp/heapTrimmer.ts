import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth since the last full collection (bytes) that makes the next one worth its few milliseconds. */
const GROWTH_BEFORE_COLLECTING = 16 * 2 ** 20;
const CHECK_EVERY_MS = 50;

/**
 * Keeps the resident size of the server near what its results need while a
 * huge file is open. Parsing thousands of YAML documents, and publishing a
 * few thousand diagnostics (megabytes of JSON) on every edit, make garbage
 * faster than V8's heuristics return it: left alone, the heap grows to several
 * times the live data before a full collection. So a full collection runs
 * when the heap grew by 16 MiB since the last one: checked every 50 ms during
 * a long analysis, and right after each publish of a big file.
 */
export class HeapTrimmer {
  private readonly collect: () => void;
  private baseline = getHeapStatistics().used_heap_size;

  constructor() {
    // V8's own full collection, reachable without starting node with --expose-gc.
    setFlagsFromString('--expose-gc');
    this.collect = runInNewContext('gc') as () => void;
  }

  trim(): void {
    if (getHeapStatistics().used_heap_size - this.baseline > GROWTH_BEFORE_COLLECTING) {
      this.collect();
      this.baseline = getHeapStatistics().used_heap_size;
    }
  }

  /** Runs `work`, trimming while it runs and once at its end. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => this.trim(), CHECK_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      this.trim();
    }
  }
}
