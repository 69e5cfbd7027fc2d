import type { Plain, PlainObject } from './plainYaml';
import { clonePlain, isPlainObject } from './plainYaml';

/** One RFC 6902 operation, with where it was written (for provenance). */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from: string | null;
  value: Plain | undefined;
  /** The operation object as parsed (its `value` field's place is recorded on it). */
  source: PlainObject;
}

export type JsonPatchResult = { ok: true } | { ok: false; error: string };

/** Called after an operation wrote `value` at `parent[key]`. */
export type WriteListener = (parent: PlainObject | Plain[], key: string, operation: JsonPatchOperation) => void;

/** Reads a JSON6902 operation list (kustomize accepts it as YAML or JSON). */
export function readOperations(document: Plain): JsonPatchOperation[] | null {
  if (!Array.isArray(document) || !document.every(isPlainObject)) {
    return null;
  }
  return (document as PlainObject[]).map((source) => ({
    op: typeof source.op === 'string' ? source.op : '',
    path: typeof source.path === 'string' ? source.path : '',
    from: typeof source.from === 'string' ? source.from : null,
    value: source.value,
    source,
  }));
}

/**
 * Applies the operations to `root` in place, like evanphx/json-patch (which
 * kustomize uses): all or nothing is not needed here, the caller discards the
 * resource's changes on error by reporting it.
 */
export function applyJsonPatch(root: PlainObject, operations: JsonPatchOperation[], onWrite: WriteListener): JsonPatchResult {
  for (const operation of operations) {
    const error = applyOne(root, operation, onWrite);
    if (error !== null) {
      return { ok: false, error: `${operation.op} ${operation.path}: ${error}` };
    }
  }
  return { ok: true };
}

function applyOne(root: PlainObject, operation: JsonPatchOperation, onWrite: WriteListener): string | null {
  switch (operation.op) {
    case 'add':
    case 'replace': {
      if (operation.value === undefined) {
        return 'missing value';
      }
      return write(root, operation.path, clonePlain(operation.value), operation.op, operation, onWrite);
    }
    case 'remove':
      return remove(root, operation.path).error;
    case 'move':
    case 'copy': {
      if (operation.from === null) {
        return 'missing from';
      }
      const found = get(root, operation.from);
      if (found === undefined) {
        return `path ${operation.from} does not exist`;
      }
      if (operation.op === 'move') {
        remove(root, operation.from);
      }
      return write(root, operation.path, operation.op === 'copy' ? clonePlain(found) : found, 'add', operation, onWrite);
    }
    case 'test': {
      const found = get(root, operation.path);
      return JSON.stringify(found) === JSON.stringify(operation.value) ? null : 'test failed';
    }
    default:
      return `unknown operation "${operation.op}"`;
  }
}

function tokens(pointer: string): string[] | null {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    return null;
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(node: Plain | undefined, token: string): Plain | undefined {
  if (Array.isArray(node)) {
    const index = arrayIndex(token, node.length - 1);
    return index === null ? undefined : node[index];
  }
  if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, token)) {
    return node[token];
  }
  return undefined;
}

function arrayIndex(token: string, max: number): number | null {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    return null;
  }
  const index = Number(token);
  return index <= max ? index : null;
}

function get(root: PlainObject, pointer: string): Plain | undefined {
  const path = tokens(pointer);
  if (path === null) {
    return undefined;
  }
  let node: Plain | undefined = root;
  for (const token of path) {
    node = child(node, token);
  }
  return node;
}

function parentOf(root: PlainObject, pointer: string): { parent: Plain | undefined; last: string } | null {
  const path = tokens(pointer);
  if (path === null || path.length === 0) {
    return null;
  }
  const last = path.pop() as string;
  let node: Plain | undefined = root;
  for (const token of path) {
    node = child(node, token);
  }
  return { parent: node, last };
}

function write(
  root: PlainObject,
  pointer: string,
  value: Plain,
  mode: 'add' | 'replace',
  operation: JsonPatchOperation,
  onWrite: WriteListener,
): string | null {
  const located = parentOf(root, pointer);
  if (located === null) {
    return 'cannot replace the whole document';
  }
  const { parent, last } = located;
  if (Array.isArray(parent)) {
    if (mode === 'add') {
      const index = last === '-' ? parent.length : arrayIndex(last, parent.length);
      if (index === null) {
        return 'index out of range';
      }
      parent.splice(index, 0, value);
      onWrite(parent, String(index), operation);
      return null;
    }
    const index = arrayIndex(last, parent.length - 1);
    if (index === null) {
      return 'index out of range';
    }
    parent[index] = value;
    onWrite(parent, String(index), operation);
    return null;
  }
  if (!isPlainObject(parent)) {
    return 'parent path does not exist';
  }
  // kustomize's json-patch lets `replace` create a missing object key (checked with kubectl 1.35).
  parent[last] = value;
  onWrite(parent, last, operation);
  return null;
}

function remove(root: PlainObject, pointer: string): { error: string | null } {
  const located = parentOf(root, pointer);
  if (located === null) {
    return { error: 'cannot remove the whole document' };
  }
  const { parent, last } = located;
  if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length - 1);
    if (index === null) {
      return { error: 'index out of range' };
    }
    parent.splice(index, 1);
    return { error: null };
  }
  if (!isPlainObject(parent) || !Object.prototype.hasOwnProperty.call(parent, last)) {
    return { error: 'path does not exist' };
  }
  delete parent[last];
  return { error: null };
}
