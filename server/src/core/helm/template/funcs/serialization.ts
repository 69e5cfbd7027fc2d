/** Helm's toYaml/fromYaml/toJson/fromJson family (pkg/engine/funcs.go) and Sprig's JSON functions. */
import { parseAllDocuments } from 'yaml';
import type { TemplateFunction } from '../functions';
import { FunctionError, fn } from '../functions';
import { JsonError, marshalJson } from '../goJson';
import { toYaml } from '../goYaml';
import { isMap, newMap } from '../values';
import type { Value } from '../values';

/** sigs.k8s.io/yaml's Unmarshal: YAML 1.1 scalars, numbers as float64, maps with string keys. */
function parseYaml(text: string): Value {
  // 'error': toJS's warnings (a collection as a key) would otherwise go to stderr.
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, logLevel: 'error' });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) {
    return null;
  }
  if (doc.errors.length > 0) {
    throw new Error(`error converting YAML to JSON: yaml: ${doc.errors[0].message}`);
  }
  return normalize(doc.toJS({ maxAliasCount: 1000 }));
}

/** JSON's view: objects with string keys, numbers as float64. */
function normalize(value: unknown): Value {
  if (Array.isArray(value)) {
    return value.map(normalize);
  }
  if (value instanceof Map) {
    const out = newMap();
    for (const [k, v] of value) {
      out[String(k)] = normalize(v);
    }
    return out;
  }
  if (value instanceof Date) {
    return value.toISOString().replace('.000Z', 'Z');
  }
  // `!!binary` (a Buffer from the yaml package's Node build, a Uint8Array from the one the bundles ship): Go's string of the bytes.
  if (value instanceof Uint8Array) {
    return new TextDecoder().decode(value);
  }
  if (typeof value === 'object' && value !== null) {
    const out = newMap();
    for (const [k, v] of Object.entries(value)) {
      out[k] = normalize(v);
    }
    return out;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return value === undefined ? null : value;
}

function decoded(kind: 'map' | 'array', parse: () => Value): Value {
  try {
    const value = parse();
    if (kind === 'map' ? isMap(value) || value === null : Array.isArray(value) || value === null) {
      return value ?? (kind === 'map' ? newMap() : []);
    }
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : 'number'} into Go value of type ${kind === 'map' ? 'map[string]interface {}' : '[]interface {}'}`);
  } catch (error) {
    return kind === 'map' ? Object.assign(newMap(), { Error: (error as Error).message }) : [(error as Error).message];
  }
}

function json(options: { escapeHtml: boolean; indent?: string }, must: boolean): TemplateFunction {
  return fn(['any'], ([v]) => {
    try {
      return marshalJson(v, options);
    } catch (error) {
      if (error instanceof JsonError && !must) {
        return '';
      }
      throw new FunctionError((error as Error).message);
    }
  });
}

const parseJson = (text: string) => normalize(JSON.parse(text));

export const serializationFunctions: Record<string, TemplateFunction> = {
  toYaml: fn(['any'], ([v]) => toYaml(v)),
  mustToYaml: fn(['any'], ([v]) => toYaml(v)),
  fromYaml: fn(['string'], ([s]) => decoded('map', () => parseYaml(s as string))),
  fromYamlArray: fn(['string'], ([s]) => decoded('array', () => parseYaml(s as string))),
  toJson: json({ escapeHtml: true }, false),
  mustToJson: json({ escapeHtml: true }, true),
  toRawJson: json({ escapeHtml: false }, false),
  mustToRawJson: json({ escapeHtml: false }, true),
  toPrettyJson: json({ escapeHtml: true, indent: '  ' }, false),
  mustToPrettyJson: json({ escapeHtml: true, indent: '  ' }, true),
  fromJson: fn(['string'], ([s]) => decoded('map', () => parseJson(s as string))),
  fromJsonArray: fn(['string'], ([s]) => decoded('array', () => parseJson(s as string))),
  mustFromJson: fn(['string'], ([s]) => {
    try {
      return parseJson(s as string);
    } catch (error) {
      throw new FunctionError((error as Error).message);
    }
  }),
};
