/**
 * The runtime value model. Go values map to JS as: nil → null/undefined, string → string
 * (or `PStr` with provenance), float64 → number, int → bigint, bool → boolean,
 * map[string]interface{} → plain object, []interface{} → array, structs with methods →
 * `GoObject`. Numbers and bools read from `.Values` travel as `Traced`.
 */
import { PStr, Traced } from './provenance';

export type Value = unknown;
export type GoMap = Record<string, unknown>;

/** A Go struct-like value: fields, methods callable from templates, and its printed form. */
export class GoObject {
  constructor(
    readonly typeName: string,
    readonly fields: Record<string, unknown>,
    readonly methods: Record<string, (...args: unknown[]) => unknown> = {},
    readonly stringer?: () => string,
  ) {}
}

export function plain(value: Value): Value {
  if (value instanceof PStr) {
    return value.text;
  }
  if (value instanceof Traced) {
    return value.value;
  }
  return value;
}

export function isNil(value: Value): value is null | undefined {
  return value === null || value === undefined;
}

export function isString(value: Value): value is string | PStr {
  return typeof value === 'string' || value instanceof PStr;
}

export function isMap(value: Value): value is GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PStr) && !(value instanceof Traced) && !(value instanceof GoObject);
}

export function hasKey(map: GoMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** A fresh map that is safe for any key (including "__proto__"). */
export function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

/** Go's reflect Kind name as Sprig's kindOf reports it. */
export function kindOf(value: Value): string {
  const v = plain(value);
  if (isNil(v)) {
    return 'invalid';
  }
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) {
    return 'slice';
  }
  return v instanceof GoObject ? 'struct' : 'map';
}

/** Go's %T. */
export function typeName(value: Value): string {
  const v = plain(value);
  if (isNil(v)) {
    return '<nil>';
  }
  if (Array.isArray(v)) {
    return '[]interface {}';
  }
  if (v instanceof GoObject) {
    return v.typeName;
  }
  const kind = kindOf(v);
  return kind === 'map' ? 'map[string]interface {}' : kind;
}

/** text/template's isTrue: the truth of a value in `if`, `with`, `and`, `or`, `not`. */
export function truth(value: Value): boolean {
  const v = plain(value);
  if (isNil(v)) {
    return false;
  }
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (Array.isArray(v)) {
    return v.length > 0;
  }
  if (v instanceof GoObject) {
    return true;
  }
  return Object.keys(v as GoMap).length > 0;
}

/** Sorted keys, as Go's fmt and text/template's range order them. */
export function sortedKeys(map: GoMap): string[] {
  return Object.keys(map).sort(compareStrings);
}

/** Go compares strings bytewise (UTF-8), which is code point order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) {
      return x < y ? -1 : 1;
    }
    if (x > 0xffff) {
      i++;
    }
  }
  return a.length < b.length ? -1 : 1;
}
