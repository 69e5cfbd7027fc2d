/**
 * Maps an async sequence with up to `width` calls in flight, yielding the
 * results in the sequence's order: output stays deterministic while the next
 * items are already being worked on, and memory stays bounded by `width`.
 */
export async function* orderedMap<T, R>(source: AsyncIterable<T> | Iterable<T>, width: number, map: (item: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Array<Promise<R>> = [];
  for await (const item of source) {
    const result = map(item);
    // Awaited in turn below; until then a rejection must not count as unhandled.
    result.catch(() => undefined);
    pending.push(result);
    if (pending.length >= width) {
      yield await (pending.shift() as Promise<R>);
    }
  }
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    yield await next;
  }
}
