import type { Plain, PlainObject } from './plainYaml';
import { isPlainObject } from './plainYaml';

/**
 * Strategic merge as kustomize applies it (kyaml `merge2.Merge` with
 * `ListIncreaseDirection: Prepend`, api/filters/patchstrategicmerge): maps merge
 * key by key, `null` deletes, `$patch: delete|replace` directives, and lists of
 * objects merge by their key (containers by `name`). Merged lists put the patch's
 * elements first, then the remaining original ones, in kyaml's order.
 *
 * `onMerged(target, patch)` is called for every object of the target a patch
 * object was merged into (e.g. a container), so callers can trace changes.
 */
export type MergeListener = (target: PlainObject, patch: PlainObject) => void;

/** Merge keys of the Kubernetes schema's associative lists; other lists of objects keyed by `name` are inferred like kyaml. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};

const DIRECTIVE = '$patch';

/** Merges `patch` into `target` in place; returns the result (null when the patch deletes the object). */
export function strategicMerge(target: PlainObject, patch: PlainObject, onMerged: MergeListener): PlainObject | null {
  return mergeObject(target, patch, onMerged, 0);
}

function mergeObject(target: PlainObject, patch: PlainObject, onMerged: MergeListener, depth: number): PlainObject | null {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') {
    return null;
  }
  if (directive === 'replace') {
    return withoutDirectives(patch);
  }
  onMerged(target, patch);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$') || key.startsWith('$setElementOrder/') || key.startsWith('$retainKeys')) {
      continue;
    }
    if (value === null) {
      delete target[key];
      continue;
    }
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current) && depth < 100) {
      const merged = mergeObject(current, value, onMerged, depth + 1);
      if (merged === null) {
        delete target[key];
      } else {
        target[key] = merged;
      }
    } else if (Array.isArray(value) && Array.isArray(current) && depth < 100) {
      target[key] = mergeList(key, current, value, onMerged, depth + 1);
    } else {
      target[key] = isPlainObject(value) ? withoutDirectives(value) : value;
    }
  }
  return target;
}

function mergeList(field: string, target: Plain[], patch: Plain[], onMerged: MergeListener, depth: number): Plain[] {
  const key = MERGE_KEYS[field] ?? (everyHas(patch, 'name') || everyHas(target, 'name') ? 'name' : null);
  if (key === null || !patch.every(isPlainObject)) {
    return patch.map((item) => (isPlainObject(item) ? withoutDirectives(item) : item));
  }
  const keyOf = (item: Plain): string | null => (isPlainObject(item) && item[key] !== undefined && item[key] !== null ? String(item[key]) : null);
  const originals = new Map<string, PlainObject>();
  for (const item of target) {
    const name = keyOf(item);
    if (name !== null && isPlainObject(item) && !originals.has(name)) {
      originals.set(name, item);
    }
  }
  const result: Plain[] = [];
  const added = new Set<PlainObject>();
  const placed = new Set<string>();
  for (const item of patch as PlainObject[]) {
    const name = keyOf(item);
    if (name === null) {
      result.push(withoutDirectives(item));
      continue;
    }
    placed.add(name);
    const original = originals.get(name);
    if (item[DIRECTIVE] === 'delete') {
      continue;
    }
    const merged = original ? mergeObject(original, item, onMerged, depth) : withoutDirectives(item);
    if (merged !== null && !added.has(merged)) {
      added.add(merged);
      result.push(merged);
    }
  }
  for (const item of target) {
    const name = keyOf(item);
    if (name === null || !placed.has(name)) {
      result.push(item);
    }
  }
  return result;
}

function everyHas(items: Plain[], key: string): boolean {
  return items.length > 0 && items.every((item) => isPlainObject(item) && key in item);
}

/** A patch object used as a value: directives are instructions, never content. */
function withoutDirectives(object: PlainObject): PlainObject {
  if (!(DIRECTIVE in object)) {
    return object;
  }
  const copy: PlainObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key !== DIRECTIVE) {
      copy[key] = value;
    }
  }
  return copy;
}
