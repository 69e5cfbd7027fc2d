/**
 * Helm values as plain data, typed as Helm sees them after its YAML→JSON step:
 * maps are plain objects, lists are arrays, numbers from YAML files are float64 (JS
 * `number`), and integers written with `--set` are int64 (JS `bigint`) because
 * Helm's strvals keeps them as `int64`, so `--set n=1000000` prints `1000000` where the
 * same number in a values file prints `1e+06`.
 */
export type Values = Record<string, unknown>;

/** A key path into values: map keys and list indexes. */
export type ValuePath = readonly (string | number)[];

/** A map key for a path (keys may contain dots, so no dotted string). */
export function pathKey(path: ValuePath): string {
  return JSON.stringify(path);
}

/** `a.b[0].c`, for messages. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out === '' ? part : `.${part}`;
    }
  }
  return out;
}

export function isTable(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy (copystructure.Copy in Helm), so merging never mutates a chart's own values. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item) => deepCopy(item)) as T;
  }
  if (isTable(value)) {
    const out: Values = {};
    for (const key of Object.keys(value)) {
      out[key] = deepCopy(value[key]);
    }
    return out as T;
  }
  return value;
}
