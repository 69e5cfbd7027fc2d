import type { Document } from 'yaml';
import { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Range } from '../../model';
import { LineIndex } from '../../yaml/lineIndex';
import { goStringOfPlain } from '../values/goYamlScalar';

/** `import-values` entries: `"data"` or `{ child: "a.b", parent: "c" }`. */
export type ImportValue = string | { child: string; parent: string };

/** One entry of `dependencies` in Chart.yaml (or requirements.yaml for apiVersion v1). */
export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  alias: string;
  importValues: ImportValue[];
  /** Where the entry's `name` is written, for problems ("run helm dependency build"). */
  nameRange: Range | null;
}

/** Chart.yaml as Helm reads it: string fields hold go-yaml's typed value as text (`appVersion: 1.10` is "1.1"). */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  appVersion: string;
  kubeVersion: string;
  description: string;
  type: string;
  home: string;
  icon: string;
  condition: string;
  tags: string;
  deprecated: boolean;
  keywords: string[];
  sources: string[];
  maintainers: { name: string; email: string; url: string }[];
  annotations: Record<string, string>;
  dependencies: ChartDependency[];
}

export interface MetadataResult {
  metadata: ChartMetadata;
  /** Why Helm refuses this Chart.yaml (it then renders nothing), or null. */
  error: string | null;
}

/**
 * Reads Chart.yaml into Helm's Metadata struct (every field a Go string, list or map of strings).
 */
export function readChartMetadata(chartYaml: string, requirementsYaml: string | null): MetadataResult {
  const parsed = parseFailsafe(chartYaml);
  const raw = parsed.value;
  const str = (key: string): string => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const metadata: ChartMetadata = {
    apiVersion: str('apiVersion') || 'v1',
    name: str('name'),
    version: str('version'),
    appVersion: str('appVersion'),
    kubeVersion: str('kubeVersion'),
    description: str('description'),
    type: str('type'),
    home: str('home'),
    icon: str('icon'),
    condition: str('condition'),
    tags: str('tags'),
    deprecated: str('deprecated') === 'true',
    keywords: strings(raw.keywords),
    sources: strings(raw.sources),
    maintainers: (Array.isArray(raw.maintainers) ? raw.maintainers : []).map((m: unknown) => {
      const entry = isRecord(m) ? m : {};
      return { name: String(entry.name ?? ''), email: String(entry.email ?? ''), url: String(entry.url ?? '') };
    }),
    annotations: isRecord(raw.annotations) ? Object.fromEntries(Object.entries(raw.annotations).map(([k, v]) => [k, typeof v === 'string' ? v : ''])) : {},
    dependencies: [],
  };
  // apiVersion v1 charts list dependencies in requirements.yaml.
  const dependencySource = metadata.apiVersion === 'v1' && requirementsYaml !== null ? parseFailsafe(requirementsYaml) : parsed;
  metadata.dependencies = dependenciesOf(dependencySource);
  return { metadata, error: parsed.error ?? validate(metadata) };
}

function validate(metadata: ChartMetadata): string | null {
  if (metadata.name === '') {
    return 'validation: chart.metadata.name is required';
  }
  if (metadata.version === '') {
    return 'validation: chart.metadata.version is required';
  }
  if (!/^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(metadata.version)) {
    return `validation: chart.metadata.version "${metadata.version}" is invalid`;
  }
  if (metadata.type !== '' && metadata.type !== 'application' && metadata.type !== 'library') {
    return 'validation: chart.metadata.type must be application or library';
  }
  return null;
}

interface Failsafe {
  value: Record<string, unknown>;
  doc: Document | null;
  lines: LineIndex;
  error: string | null;
}

function parseFailsafe(text: string): Failsafe {
  const lines = new LineIndex(text);
  try {
    // 'error': toJS's warnings (a collection as a key) would otherwise go to stderr.
    const doc = parseDocument(text, { schema: 'failsafe', strict: false, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
    const first = doc.errors[0];
    if (first) {
      return { value: {}, doc: null, lines, error: `Chart.yaml:${lines.positionAt(first.pos[0]).line + 1}: ${first.message.split('\n')[0]}` };
    }
    // Go string fields receive go-yaml's typed value turned back into text (`1.10` → "1.1").
    visit(doc, {
      Scalar(_key, node) {
        if (node.type === 'PLAIN' && !node.tag) {
          node.value = goStringOfPlain(String(node.value));
        }
      },
    });
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    return { value: isRecord(value) ? value : {}, doc, lines, error: null };
  } catch (error) {
    return { value: {}, doc: null, lines, error: `Chart.yaml: ${(error as Error).message}` };
  }
}

function dependenciesOf(source: Failsafe): ChartDependency[] {
  const list = source.value.dependencies;
  if (!Array.isArray(list)) {
    return [];
  }
  const node = source.doc?.get('dependencies', true);
  return list.flatMap((entry: unknown, index) => {
    if (!isRecord(entry)) {
      return [];
    }
    const item = isSeq(node) ? node.items[index] : null;
    const nameNode = isMap(item) ? item.get('name', true) : null;
    const nameRange =
      isScalar(nameNode) && nameNode.range ? { start: source.lines.positionAt(nameNode.range[0]), end: source.lines.positionAt(nameNode.range[1]) } : null;
    const text = (key: string): string => (typeof entry[key] === 'string' ? (entry[key] as string) : '');
    const imports = Array.isArray(entry['import-values']) ? entry['import-values'] : [];
    return [
      {
        name: text('name'),
        version: text('version'),
        repository: text('repository'),
        condition: text('condition'),
        tags: Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : [],
        alias: text('alias'),
        importValues: imports.flatMap((value: unknown): ImportValue[] =>
          typeof value === 'string'
            ? [value]
            : isRecord(value) && typeof value.child === 'string' && typeof value.parent === 'string'
              ? [{ child: value.child, parent: value.parent }]
              : [],
        ),
        nameRange,
      },
    ];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
