/** Runs tasks with at most `max` of them in flight; the others wait in FIFO order. */
export function concurrencyLimit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!(max >= 1)) {
    throw new RangeError('concurrency limit must be at least 1');
  }
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) {
      next(); // the slot passes straight to the next task
    } else {
      active--;
    }
  };
  return async (task) => {
    if (active < max) {
      active++;
    } else {
      await new Promise<void>((grant) => waiting.push(grant));
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
