/** Sprig's dict.go: maps are shared and mutated in place, as in Go. */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { hasKey, isMap, isNil, newMap, plain, sortedKeys, truth } from '../values';
import type { GoMap, Value } from '../values';
import { deepCopy } from './deepEqual';
import { strval } from './strval';

function writable(map: Value): GoMap {
  if (isNil(map)) {
    throw new FunctionError('assignment to entry in nil map');
  }
  return map as GoMap;
}

/** mergo.Merge / MergeWithOverwrite on maps as Sprig calls them. */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > 1000) {
    throw new FunctionError('maps nested too deeply to merge', 'limit');
  }
  for (const key of Object.keys(src)) {
    const s = src[key];
    const exists = hasKey(dst, key);
    const d = exists ? dst[key] : undefined;
    if (isNil(plain(s))) {
      if (overwrite) {
        dst[key] = s;
      }
      continue;
    }
    if (isMap(s) && isMap(d)) {
      mergeInto(d, s, overwrite, depth + 1);
      if (truth(d)) {
        continue;
      }
    }
    if (overwrite || !exists || !truth(d)) {
      dst[key] = s;
    }
  }
}

function merge(overwrite: boolean): TemplateFunction {
  return pfn(
    ['map'],
    ([dst, ...srcs]) => {
      const target = writable(dst);
      for (const src of srcs) {
        const s = plain(src);
        if (isMap(s)) {
          mergeInto(target, s, overwrite);
        } else if (!isNil(s)) {
          throw new FunctionError(`wrong type for value; expected map[string]interface {}; got ${typeof s}`);
        }
      }
      return target;
    },
    'map',
  );
}

export const sprigDicts: Record<string, TemplateFunction> = {
  dict: pfn(
    [],
    (args) => {
      const map = newMap();
      for (let i = 0; i < args.length; i += 2) {
        map[strval(args[i]).text] = i + 1 < args.length ? args[i + 1] : '';
      }
      return map;
    },
    'any',
  ),
  get: pfn(['map', 'string'], ([map, key], ctx) => {
    const k = String(plain(key));
    return isMap(map) && hasKey(map, k) ? ctx.element(map, k) : '';
  }),
  set: pfn(['map', 'string', 'any'], ([map, key, value]) => {
    const target = writable(map);
    target[String(plain(key))] = value;
    return target;
  }),
  unset: fn(['map', 'string'], ([map, key]) => {
    if (isMap(map)) {
      delete map[key as string];
    }
    return map ?? newMap();
  }),
  hasKey: fn(['map', 'string'], ([map, key]) => isMap(map) && hasKey(map, key as string)),
  pluck: pfn(['string'], ([key, ...maps], ctx) => maps.filter((m) => isMap(m) && hasKey(m, String(plain(key)))).map((m) => ctx.element(m, String(plain(key)))), 'map'),
  // Go's map order is random; sorted keys are one of Helm's possible outputs.
  keys: fn([], (maps) => maps.flatMap((m) => (isMap(m) ? sortedKeys(m) : [])), 'map'),
  values: pfn(['map'], ([map], ctx) => (isMap(map) ? sortedKeys(map).map((k) => ctx.element(map, k)) : [])),
  pick: pfn(['map'], ([map, ...keys]) => {
    const out = newMap();
    for (const key of keys.map((k) => String(plain(k)))) {
      if (isMap(map) && hasKey(map, key)) {
        out[key] = map[key];
      }
    }
    return out;
  }, 'string'),
  omit: pfn(['map'], ([map, ...keys]) => {
    const omitted = new Set(keys.map((k) => String(plain(k))));
    const out = newMap();
    if (isMap(map)) {
      for (const key of Object.keys(map)) {
        if (!omitted.has(key)) {
          out[key] = map[key];
        }
      }
    }
    return out;
  }, 'string'),
  merge: merge(false),
  mustMerge: merge(false),
  mergeOverwrite: merge(true),
  mustMergeOverwrite: merge(true),
  deepCopy: fn(['any'], ([v]) => deepCopy(v)),
  mustDeepCopy: fn(['any'], ([v]) => deepCopy(v)),
  dig: pfn(['any'], (args) => {
    if (args.length < 3) {
      throw new FunctionError(`wrong number of args for dig: want at least 3 got ${args.length}`);
    }
    const dict = plain(args[args.length - 1]);
    const fallback = args[args.length - 2];
    let current: Value = dict;
    for (const key of args.slice(0, -2)) {
      const k = String(plain(key));
      if (!isMap(current) || !hasKey(current, k)) {
        return fallback;
      }
      current = current[k];
    }
    return current;
  }, 'any'),
};
