import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth (bytes) since the last collection after which garbage is collected during a long analysis. */
const GROWTH_BEFORE_COLLECTING = 24 * 2 ** 20;
const CHECK_EVERY_MS = 50;

let collect: (() => void) | null = null;

/** V8's full collection, reached without starting node with --expose-gc. */
function fullCollection(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

/**
 * Keeps the resident size of the server flat while a huge file is analysed:
 * parsing thousands of YAML documents makes garbage faster than V8 returns it,
 * so the heap (and what the OS counts against the editor) would balloon to
 * several times what the results need. While `work` runs, a full collection
 * runs whenever the heap grew by 24 MiB, and once at the end.
 */
export async function withTrimmedHeap<T>(work: () => Promise<T>): Promise<T> {
  const gc = fullCollection();
  let baseline = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size - baseline > GROWTH_BEFORE_COLLECTING) {
      gc();
      baseline = getHeapStatistics().used_heap_size;
    }
  }, CHECK_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    gc();
  }
}
