import type { Document, Node } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { FileRange, TextOrigin } from './sourceText';

/** A YAML value as plain data, like `JSON.parse` gives; objects and arrays are mutable. */
export type Plain = null | boolean | number | string | PlainObject | Plain[];
export interface PlainObject {
  [key: string]: Plain;
}

/** Where each scalar field of a converted map was written, keyed by the map object itself. */
const fieldPlaces = new WeakMap<object, Map<string, FileRange>>();

/** Where `object[key]` was written, when the object came from YAML and the value was a scalar. */
export function placeOfField(object: object, key: string): FileRange | null {
  return fieldPlaces.get(object)?.get(key) ?? null;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nesting beyond this is not a Kubernetes object; it is cut rather than risking the stack. */
const MAX_DEPTH = 200;

const PARSE_OPTIONS = { strict: false, prettyErrors: false, uniqueKeys: false, merge: true } as const;

export interface ParsedDocument {
  value: Plain;
  /** The parser's first error, if the document is not valid YAML. */
  error: string | null;
}

/** Every document of a YAML stream as plain data, remembering where scalars were written. */
export function parsePlainDocuments(text: string, origin: TextOrigin): ParsedDocument[] {
  let documents: Document[];
  try {
    documents = parseAllDocuments(text, PARSE_OPTIONS) as Document[];
  } catch (error) {
    return [{ value: null, error: String(error) }];
  }
  if (!Array.isArray(documents)) {
    return [];
  }
  return documents.map((doc) => ({
    value: toPlain(doc.contents, doc, origin, 0),
    error: doc.errors.length > 0 ? (doc.errors[0]?.message ?? 'invalid YAML') : null,
  }));
}

function toPlain(node: unknown, doc: Document, origin: TextOrigin, depth: number): Plain {
  if (depth > MAX_DEPTH) {
    return null;
  }
  const target = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
  if (isScalar(target)) {
    const value = target.value;
    if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
      return value;
    }
    return target.source ?? String(value);
  }
  if (isSeq(target)) {
    return target.items.map((item) => toPlain(item, doc, origin, depth + 1));
  }
  if (!isMap(target)) {
    return null;
  }
  const object: PlainObject = {};
  const places = new Map<string, FileRange>();
  const merged: unknown[] = [];
  for (const pair of target.items) {
    if (!isPair(pair) || !isScalar(pair.key)) {
      continue;
    }
    if (typeof pair.key.value === 'symbol' || (pair.key.source === '<<' && pair.key.type === 'PLAIN')) {
      merged.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
      continue;
    }
    const key = String(pair.key.value);
    object[key] = toPlain(pair.value, doc, origin, depth + 1);
    const value = pair.value;
    if (isScalar(value) && value.range) {
      places.set(key, { file: origin.file, range: origin.locate(...contentRange(value)) });
    }
  }
  // Merge keys fill in what the map does not set itself, like YAML 1.1 `<<`.
  for (const source of merged) {
    const inherited = toPlain(source, doc, origin, depth + 1);
    if (isPlainObject(inherited)) {
      for (const [key, value] of Object.entries(inherited)) {
        if (!(key in object)) {
          object[key] = value;
        }
      }
    }
  }
  fieldPlaces.set(object, places);
  return object;
}

/** [start, end) of a scalar's content, inside its quotes. */
export function contentRange(scalar: { range?: [number, number, number] | null; type?: string | undefined; source?: string }): [number, number] {
  const [start, end] = scalar.range ?? [0, 0, 0];
  if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') {
    return [start + 1, Math.max(start + 1, end - 1)];
  }
  return [start, end];
}

/** A deep copy, keeping the recorded field places of every object. */
export function clonePlain<T extends Plain>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item) => clonePlain(item)) as T;
  }
  if (isPlainObject(value)) {
    const copy: PlainObject = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = clonePlain(item);
    }
    const places = fieldPlaces.get(value);
    if (places) {
      fieldPlaces.set(copy, places);
    }
    return copy as T;
  }
  return value;
}
