/**
 * Remembers where containers sit under `.Values` so that a leaf read from them (by field,
 * `index`, `range`, `get`, …) carries a `value` origin with its path.
 */
import { PStr, Traced, pstr } from './provenance';
import { isMap, isNil, plain } from './values';
import type { Value } from './values';

export class ValueTracker {
  private readonly paths = new WeakMap<object, (string | number)[]>();

  /** Marks `root` as `.Values` itself. */
  constructor(root: Value) {
    if (typeof root === 'object' && root !== null) {
      this.paths.set(root, []);
    }
  }

  pathOf(container: Value): (string | number)[] | undefined {
    return typeof container === 'object' && container !== null ? this.paths.get(container) : undefined;
  }

  /** `container[key]` (undefined when absent), wrapped with its values origin when known. */
  child(container: Value, key: string | number): Value {
    const c = plain(container);
    let value: Value;
    if (Array.isArray(c)) {
      value = typeof key === 'number' ? c[key] : undefined;
    } else if (isMap(c)) {
      value = Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
    } else {
      return undefined;
    }
    const base = this.pathOf(c);
    if (base === undefined || isNil(value) || value instanceof PStr || value instanceof Traced) {
      return value;
    }
    const path = [...base, key];
    switch (typeof value) {
      case 'string':
        return pstr(value, { kind: 'value', path, offset: 0 });
      case 'number':
      case 'bigint':
      case 'boolean':
        return new Traced(value, { kind: 'value', path, offset: 0 });
      case 'object':
        if (!this.paths.has(value)) {
          this.paths.set(value, path);
        }
        return value;
      default:
        return value;
    }
  }
}
