import type { Node as YamlNode, Scalar } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import schemaJson from '../../../../schemas/kube-image-lens.schema.json';
import type { Range } from '../model';
import { LineIndex } from '../yaml/lineIndex';
import type { JsonSchema } from './jsonSchema';
import { resolveRef } from './jsonSchema';
import { nearestCandidate } from './nearest';

/** The JSON Schema shipped for `.kube-image-lens.yaml` (editors validate with it too). */
export const PROJECT_CONFIG_SCHEMA = schemaJson as JsonSchema;

export type ConfigProblemKind = 'yaml-syntax' | 'unknown-setting' | 'unknown-rule-code' | 'invalid-setting';

export interface ConfigProblem {
  kind: ConfigProblemKind;
  /** Unknown keys and codes are warnings (the tool ignores them); wrong values are errors. */
  severity: 'error' | 'warning';
  /** Where, as `severity.mutable-tag` or `profiles[1].profile`; empty for the whole file. */
  path: string;
  message: string;
  range: Range;
  /** For an unknown key close to a known one: the known one, to replace the key at `range`. */
  suggestion?: string;
}

/** Settings keys whose keys are diagnostic codes: an unknown key there is an unknown rule code. */
const RULE_CODE_MAPS = new Set(['severity', 'severities']);

type ValueKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/**
 * Checks the text of a `.kube-image-lens.yaml` against the shipped schema,
 * with positions: every problem names its path. Linear in the file; depth is
 * bounded by the schema's, never by the YAML's nesting.
 */
export function checkProjectConfig(text: string): ConfigProblem[] {
  const lines = new LineIndex(text);
  const toRange = (start: number, end: number): Range => ({ start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) });
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return document.errors.map((error) => ({
      kind: 'yaml-syntax',
      severity: 'error',
      path: '',
      message: `not valid YAML: ${error.message.split('\n')[0]}`,
      range: toRange(error.pos[0], error.pos[1]),
    }));
  }
  const problems: ConfigProblem[] = [];
  const nodeRange = (node: YamlNode | null, fallback: Range): Range => (node?.range ? toRange(node.range[0], node.range[1]) : fallback);
  const wholeFile = toRange(0, 0);

  const validate = (node: YamlNode | null, schemaOrRef: JsonSchema, path: string, out: ConfigProblem[]): void => {
    const schema = resolveRef(PROJECT_CONFIG_SCHEMA, schemaOrRef);
    if (isAlias(node)) {
      return; // An alias repeats a node checked where it is defined.
    }
    const range = nodeRange(node, wholeFile);
    const invalid = (message: string) => out.push({ kind: 'invalid-setting', severity: 'error', path, message: `${path === '' ? 'the settings' : path} ${message}`, range });
    if (schema.anyOf) {
      validateAnyOf(node, schema.anyOf, path, out, invalid);
      return;
    }
    const kind = valueKind(node);
    if (schema.type !== undefined && !typeMatches(schema.type, kind)) {
      invalid(`must be ${describe(schema)}`);
      return;
    }
    const value = isScalar(node) ? node.value : undefined;
    if (schema.enum && !schema.enum.includes(value)) {
      invalid(`must be ${describe(schema)}, not ${JSON.stringify(value)}`);
      return;
    }
    if (typeof value === 'string') {
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        invalid('must not be empty');
      } else if (schema.format === 'regex' && !isRegExp(value)) {
        invalid(`is not a valid regular expression: ${JSON.stringify(value)}`);
      }
    }
    if (isMap(node)) {
      validateMap(node, schema, path, out, invalid);
    } else if (isSeq(node) && schema.items) {
      node.items.forEach((item, index) => validate(item as YamlNode | null, schema.items as JsonSchema, `${path}[${index}]`, out));
    }
  };

  const validateMap = (node: YamlNode & { items: Array<{ key: unknown; value: unknown }> }, schema: JsonSchema, path: string, out: ConfigProblem[], invalid: (message: string) => void) => {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      const keyRange = isScalar(keyNode) && isQuoted(keyNode) && keyNode.range ? toRange(keyNode.range[0] + 1, keyNode.range[1] - 1) : nodeRange(keyNode, nodeRange(node, wholeFile));
      const keyPath = path === '' ? (key ?? '?') : `${path}.${key ?? '?'}`;
      if (key === null) {
        out.push({ kind: 'invalid-setting', severity: 'error', path, message: `${path === '' ? 'the settings' : path} must have plain keys`, range: keyRange });
        continue;
      }
      seen.add(key);
      const known = schema.properties?.[key];
      if (known !== undefined) {
        validate(pair.value as YamlNode | null, known, keyPath, out);
      } else if (typeof schema.additionalProperties === 'object') {
        validate(pair.value as YamlNode | null, schema.additionalProperties, keyPath, out);
      } else if (schema.additionalProperties === false) {
        out.push(unknownKey(key, keyPath, path, Object.keys(schema.properties ?? {}), keyRange));
      }
    }
    const missing = (schema.required ?? []).filter((name) => !seen.has(name));
    if (missing.length > 0) {
      invalid(`needs ${missing.join(' and ')}`);
    }
  };

  const validateAnyOf = (node: YamlNode | null, branches: readonly JsonSchema[], path: string, out: ConfigProblem[], invalid: (message: string) => void) => {
    const attempts = branches.map((branch) => {
      const found: ConfigProblem[] = [];
      validate(node, branch, path, found);
      return { branch: resolveRef(PROJECT_CONFIG_SCHEMA, branch), found };
    });
    const kind = valueKind(node);
    const chosen =
      attempts.find((attempt) => attempt.found.every((problem) => problem.severity !== 'error')) ??
      attempts.find((attempt) => attempt.branch.type !== undefined && typeMatches(attempt.branch.type, kind));
    if (chosen) {
      out.push(...chosen.found);
    } else {
      invalid(`must be ${attempts.map((attempt) => describe(attempt.branch)).join(' or ')}`);
    }
  };

  validate(document.contents as YamlNode | null, PROJECT_CONFIG_SCHEMA, '', problems);
  // An empty file (or only comments) is valid: no settings.
  return valueKind(document.contents as YamlNode | null) === 'null' ? [] : problems;
}

function unknownKey(key: string, keyPath: string, parentPath: string, known: string[], range: Range): ConfigProblem {
  const suggestion = nearestCandidate(key, known);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  const base = { severity: 'warning' as const, path: keyPath, range, ...(suggestion === undefined ? {} : { suggestion }) };
  return RULE_CODE_MAPS.has(parentPath)
    ? { ...base, kind: 'unknown-rule-code', message: `unknown diagnostic code "${key}" in ${parentPath}${hint}` }
    : { ...base, kind: 'unknown-setting', message: `unknown setting "${keyPath}"; it is ignored${hint}` };
}

/** A quoted key's range covers its content only, so a fix keeps the user's quotes. */
function isQuoted(node: Scalar): boolean {
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
}

function valueKind(node: YamlNode | null): ValueKind {
  if (isMap(node)) {
    return 'object';
  }
  if (isSeq(node)) {
    return 'array';
  }
  const value = isScalar(node) ? node.value : null;
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'number') {
    return 'number';
  }
  return typeof value === 'boolean' ? 'boolean' : 'string';
}

function typeMatches(type: NonNullable<JsonSchema['type']>, kind: ValueKind): boolean {
  return type === kind || (type === 'integer' && kind === 'number');
}

function describe(schema: JsonSchema): string {
  if (schema.enum) {
    return `one of ${schema.enum.join(', ')}`;
  }
  switch (schema.type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case undefined:
      return 'a value';
    default:
      return `a ${schema.type}`;
  }
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
