/** reflect.DeepEqual and copystructure over template values (provenance ignored). */
import { isMap, isNil, newMap, plain } from '../values';
import type { GoMap, Value } from '../values';

export function deepEqual(a: Value, b: Value): boolean {
  const x = plain(a);
  const y = plain(b);
  if (isNil(x) || isNil(y)) {
    return isNil(x) && isNil(y);
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((item, i) => deepEqual(item, y[i]));
  }
  if (isMap(x) || isMap(y)) {
    if (!isMap(x) || !isMap(y)) {
      return false;
    }
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && deepEqual(x[key], y[key]));
  }
  return typeof x === typeof y && x === y;
}

/** A deep copy of maps and slices; leaves are shared (they are immutable). */
export function deepCopy(value: Value): Value {
  if (Array.isArray(value)) {
    return value.map(deepCopy);
  }
  if (isMap(value)) {
    const out: GoMap = newMap();
    for (const key of Object.keys(value)) {
      out[key] = deepCopy(value[key]);
    }
    return out;
  }
  return value;
}
