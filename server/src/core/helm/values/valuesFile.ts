import type { Document, Node as YamlNode, Scalar } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Range } from '../../model';
import { LineIndex } from '../../yaml/lineIndex';
import { jsonKeyOf, resolvePlainScalar } from './goYamlScalar';
import type { ValuePath, Values } from './valueTypes';
import { isTable, pathKey } from './valueTypes';

/** Where a key and its value are written in a values file (0-based line/character). */
export interface ValueLocation {
  keyRange: Range | null;
  /** The value's content: inside the quotes for a quoted scalar; the whole node for maps and lists. */
  valueRange: Range;
}

export interface ValuesFile {
  /** The file name as the caller gave it (chart-relative or absolute). */
  file: string;
  values: Values;
  /** Every node's location, by `pathKey` of its path. */
  locations: ReadonlyMap<string, ValueLocation>;
  /** Why Helm would refuse the file (YAML error, not a map, `.inf`), or null. */
  error: string | null;
}

/** Alias expansion is bounded, like go-yaml's guard against "billion laughs" documents. */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Reads a values file the way Helm does (sigs.k8s.io/yaml: go-yaml v2 typing, then JSON):
 * only the first document counts, an empty file is an empty map, numbers are float64.
 */
export function readValuesFile(file: string, text: string): ValuesFile {
  const lines = new LineIndex(text);
  const locations = new Map<string, ValueLocation>();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { schema: 'failsafe', strict: false, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    return { file, values: {}, locations, error: `cannot parse ${file}: ${(error as Error).message}` };
  }
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) {
    return { file, values: {}, locations, error: null };
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const at = lines.positionAt(firstError.pos[0]);
    return { file, values: {}, locations, error: `${file}:${at.line + 1}: ${firstError.message.split('\n')[0]}` };
  }
  const reader = new NodeReader(doc, text, lines, locations);
  try {
    const root = reader.read(doc.contents, [], null);
    if (root === null || root === undefined) {
      return { file, values: {}, locations, error: null };
    }
    if (!isTable(root)) {
      return { file, values: {}, locations, error: `${file}: the values must be a map (key: value), not a ${Array.isArray(root) ? 'list' : 'scalar'}` };
    }
    return { file, values: root, locations, error: null };
  } catch (error) {
    return { file, values: {}, locations, error: `${file}: ${(error as Error).message}` };
  }
}

class NodeReader {
  private expanded = 0;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly locations: Map<string, ValueLocation>,
  ) {}

  /** The JSON value of a node; records locations only for nodes written in place (not through aliases). */
  read(node: unknown, path: ValuePath | null, keyRange: Range | null): unknown {
    if (++this.expanded > MAX_EXPANDED_NODES) {
      throw new Error('too many nodes after alias expansion');
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (path !== null && node.range) {
        this.locations.set(pathKey(path), { keyRange, valueRange: this.range(node.range[0], node.range[1]) });
      }
      return this.read(target, null, null);
    }
    if (node === null || node === undefined) {
      return null;
    }
    const yamlNode = node as YamlNode;
    if (path !== null && yamlNode.range) {
      this.locations.set(pathKey(path), { keyRange, valueRange: this.valueRange(yamlNode) });
    }
    if (isScalar(node)) {
      return this.scalar(node);
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => this.read(item, path === null ? null : [...path, index], null));
    }
    if (isMap(node)) {
      const out: Values = {};
      for (const pair of node.items) {
        if (!isPair(pair)) {
          continue;
        }
        const keyNode = isAlias(pair.key) ? pair.key.resolve(this.doc) : pair.key;
        if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
          this.merge(out, pair.value);
          continue;
        }
        const key = isScalar(keyNode) ? jsonKeyOf(keyNode.type === 'PLAIN' && !keyNode.tag ? resolvePlainScalar(String(keyNode.value)) : { kind: 'string', value: String(keyNode.value) }) : null;
        if (key === null) {
          throw new Error('a map key must be a scalar');
        }
        const keyRange = isScalar(pair.key) && pair.key.range ? this.range(pair.key.range[0], pair.key.range[1]) : null;
        out[key] = this.read(pair.value, path === null ? null : [...path, key], keyRange);
      }
      return out;
    }
    return null;
  }

  /** `<<: *anchor` (or a list of them): the merged map's keys, in document order like go-yaml v2. */
  private merge(out: Values, value: unknown): void {
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const merged = this.read(source, null, null);
      if (!isTable(merged)) {
        throw new Error('map merge requires map or sequence of maps as the value');
      }
      Object.assign(out, merged);
    }
  }

  private scalar(node: Scalar): unknown {
    const source = String(node.value ?? '');
    const tag = node.tag;
    if (tag === 'tag:yaml.org,2002:str' || tag === 'tag:yaml.org,2002:binary') {
      return source;
    }
    if (node.type !== 'PLAIN' && !tag) {
      return source;
    }
    const resolved = resolvePlainScalar(source);
    switch (resolved.kind) {
      case 'string':
        return resolved.value;
      case 'bool':
        return resolved.value;
      case 'null':
        return null;
      case 'number':
        return resolved.value;
      case 'unrepresentable':
        // sigs.k8s.io/yaml: "error converting YAML to JSON: json: unsupported value: +Inf".
        throw new Error(`json: unsupported value ${resolved.source}`);
    }
  }

  private valueRange(node: YamlNode): Range {
    const [start, end] = node.range as [number, number, number];
    if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && end - start >= 2) {
      return this.range(start + 1, end - 1);
    }
    let trimmed = end;
    while (trimmed > start && /\s/.test(this.text[trimmed - 1] as string)) {
      trimmed--;
    }
    return this.range(start, trimmed);
  }

  private range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }
}
