/**
 * A concurrency limit per key (registry host): at most `max` requests in flight,
 * others wait in FIFO order. Waiting can be cancelled with an AbortSignal.
 */

interface Waiter {
  grant: () => void;
  reject: (e: unknown) => void;
}

export class KeyedLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();

  constructor(private readonly max: number) {
    if (!(max >= 1)) {
      throw new RangeError('concurrency limit must be at least 1');
    }
  }

  /** Resolves with a release function once a slot is free. */
  acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    const makeRelease = (): (() => void) => {
      let released = false;
      return () => {
        if (released) {
          return;
        }
        released = true;
        this.release(key);
      };
    };
    const n = this.active.get(key) ?? 0;
    if (n < this.max) {
      this.active.set(key, n + 1);
      return Promise.resolve(makeRelease());
    }
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const onAbort = (): void => {
        const i = queue.indexOf(waiter);
        if (i >= 0) {
          queue.splice(i, 1);
        }
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(makeRelease());
        },
        reject,
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (next) {
      // The slot passes straight to the next waiter.
      next.grant();
      return;
    }
    if (queue && queue.length === 0) {
      this.queues.delete(key);
    }
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) {
      this.active.delete(key);
    } else {
      this.active.set(key, n);
    }
  }

  /** Requests in flight for a key (for tests). */
  inFlight(key: string): number {
    return this.active.get(key) ?? 0;
  }
}
