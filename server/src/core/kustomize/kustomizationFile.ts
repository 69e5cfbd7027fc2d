import type { Document, Pair, YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Range } from '../model';
import { LineIndex } from '../yaml/lineIndex';
import type { FileAccess } from './fileAccess';
import { joinPath } from './fileAccess';
import { contentRange } from './plainYaml';
import { isRemoteReference } from './problems';
import type { TextOrigin } from './sourceText';
import { blockScalarOrigin, fixedOrigin } from './sourceText';

/** The names kustomize accepts for a kustomization file, in the order it tries them. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A string written in the kustomization, and where. */
export interface LocatedString {
  value: string;
  range: Range;
}

/** One entry of `images:` with the places an edit needs. */
export interface ImageEntry {
  index: number;
  /** The whole entry (the list item). */
  range: Range;
  name: LocatedString | null;
  newName: LocatedString | null;
  newTag: LocatedString | null;
  digest: LocatedString | null;
  tagSuffix: LocatedString | null;
  /** Key and value of each field, for removing one (e.g. `newTag` in digest-only pins). */
  pairRanges: Partial<Record<ImageField, Range>>;
  /** Written as `{name: x, newTag: y}`. */
  flow: boolean;
  /** Column of the entry's keys (block style), for new lines. */
  keyColumn: number;
  /** End of the entry's last value, where a new field goes. */
  end: Range['end'];
}

export type ImageField = 'name' | 'newName' | 'newTag' | 'digest' | 'tagSuffix';

/** The `images:` key and the layout of its list, for adding an entry. */
export interface ImagesKey {
  range: Range;
  /** The list's text (`[...]` in flow style); null when the key has no value. */
  valueRange: Range | null;
  flow: boolean;
  empty: boolean;
  /** Column of the block list's `-` markers. */
  dashColumn: number;
}

/** Which resources a patch applies to (`patches[].target`, `patchesJson6902[].target`). */
export interface PatchSelector {
  group: string | null;
  version: string | null;
  kind: string | null;
  name: string | null;
  namespace: string | null;
  labelSelector: string | null;
  annotationSelector: string | null;
}

export interface PatchEntry {
  field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  /** The list item, for messages. */
  range: Range;
  /** A patch file, relative to the kustomization's folder. */
  path: LocatedString | null;
  /** An inline patch and where its text sits in the kustomization. */
  inline: { text: string; origin: TextOrigin } | null;
  target: PatchSelector | null;
}

/** A field the model does not evaluate, with the line naming it. */
export interface UnsupportedField {
  field: string;
  range: Range;
  /** Files the field names (`configurations`, `transformers`…), which kustomize needs to build. */
  files: LocatedString[];
}

export interface Kustomization {
  file: string;
  directory: string;
  kind: 'Kustomization' | 'Component';
  resources: LocatedString[];
  /** The legacy `bases:` list; kustomize appends it to `resources`. */
  bases: LocatedString[];
  components: LocatedString[];
  images: ImageEntry[];
  /** The `images:` key, or null when the file has none (a new entry then needs the key). */
  imagesKey: ImagesKey | null;
  namePrefix: LocatedString | null;
  nameSuffix: LocatedString | null;
  namespace: LocatedString | null;
  patches: PatchEntry[];
  helmCharts: Array<{ name: string | null; range: Range }>;
  /** Files that `configMapGenerator`/`secretGenerator` read (`files`, `envs`, `env`); kustomize fails when one is missing. */
  generatorSources: LocatedString[];
  /** Generators, transformers and other fields that change the output in ways not modelled here. */
  unsupported: UnsupportedField[];
  /** Why (part of) the file could not be read; empty when fine. */
  errors: Array<{ message: string; range: Range }>;
}

/** Fields that generate resources or rewrite them beyond what the model evaluates. */
const UNSUPPORTED_FIELDS = [
  'configMapGenerator',
  'secretGenerator',
  'generators',
  'transformers',
  'validators',
  'replacements',
  'vars',
  'configurations',
  'crds',
  'openapi',
  'replicas',
] as const;

/** Unsupported fields whose value is a list of files. */
const FILE_LIST_FIELDS: readonly string[] = ['configurations', 'crds', 'transformers', 'generators', 'validators'];

/** Problems that belong to no particular line point at the file's start. */
const WHOLE_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The kustomization file of a folder: the first of the accepted names that exists. */
export function findKustomizationFile(files: FileAccess, directory: string): string | null {
  const entries = files.listDir(directory);
  if (entries === null) {
    return null;
  }
  const name = KUSTOMIZATION_FILE_NAMES.find((candidate) => entries.includes(candidate));
  return name === undefined ? null : joinPath(directory, name);
}

/** Reads a kustomization's text into the model. Never throws; problems go to `errors`. */
export function parseKustomization(file: string, directory: string, text: string): Kustomization {
  const result: Kustomization = {
    file,
    directory,
    kind: 'Kustomization',
    resources: [],
    bases: [],
    components: [],
    images: [],
    imagesKey: null,
    namePrefix: null,
    nameSuffix: null,
    namespace: null,
    patches: [],
    helmCharts: [],
    generatorSources: [],
    unsupported: [],
    errors: [],
  };
  const lines = new LineIndex(text);
  const rangeOf = (start: number, end: number): Range => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
  let doc: Document;
  try {
    doc = parseDocument(text, { strict: false, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    result.errors.push({ message: `cannot parse ${file}: ${String(error)}`, range: WHOLE_FILE });
    return result;
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const at = firstError.pos[0];
    result.errors.push({ message: `invalid YAML in ${file}: ${firstError.message.split('\n')[0]}`, range: rangeOf(at, at) });
  }
  const root = doc.contents;
  if (root === null || root === undefined) {
    return result;
  }
  if (!isMap(root)) {
    result.errors.push({ message: `${file} is not a kustomization (not a YAML map)`, range: WHOLE_FILE });
    return result;
  }
  const reader = new FieldReader(text, rangeOf);
  for (const pair of root.items) {
    const key = keyOf(pair);
    if (key === null) {
      continue;
    }
    const keyRange = reader.nodeRange(pair.key);
    switch (key) {
      case 'kind':
        if (reader.string(pair.value)?.value === 'Component') {
          result.kind = 'Component';
        }
        break;
      case 'resources':
      case 'bases':
      case 'components':
        result[key] = reader.strings(pair.value, key, result.errors);
        break;
      case 'images':
      case 'imageTags':
        result.imagesKey = reader.imagesKey(pair, keyRange);
        result.images.push(...reader.images(pair.value, result.images.length));
        break;
      case 'namePrefix':
      case 'nameSuffix':
      case 'namespace':
        result[key] = reader.string(pair.value);
        break;
      case 'patches':
      case 'patchesJson6902':
      case 'patchesStrategicMerge':
        result.patches.push(...reader.patches(pair.value, key, file));
        break;
      case 'helmCharts':
        result.helmCharts.push(...reader.helmCharts(pair.value));
        break;
      case 'helmChartInflationGenerator':
        result.helmCharts.push({ name: null, range: keyRange });
        break;
      default:
        if (key === 'configMapGenerator' || key === 'secretGenerator') {
          result.generatorSources.push(...reader.generatorSources(pair.value));
        }
        if ((UNSUPPORTED_FIELDS as readonly string[]).includes(key)) {
          const named = FILE_LIST_FIELDS.includes(key) ? reader.strings(pair.value, key, result.errors) : [];
          // Transformer and generator entries may be inline YAML rather than file names.
          result.unsupported.push({ field: key, range: keyRange, files: named.filter((file) => !file.value.includes('\n') && !isRemoteReference(file.value)) });
        }
    }
  }
  return result;
}

function keyOf(pair: unknown): string | null {
  return isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : null;
}

/** Reads typed fields out of YAML nodes, with ranges. */
class FieldReader {
  constructor(
    private readonly text: string,
    private readonly rangeOf: (start: number, end: number) => Range,
  ) {}

  nodeRange(node: unknown): Range {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.rangeOf(range[0], range[1]) : WHOLE_FILE;
  }

  string(node: unknown): LocatedString | null {
    if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') {
      return null;
    }
    // kustomize reads these fields as strings; a number like `newTag: 1.20` keeps its written digits.
    const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    return { value, range: this.rangeOf(...contentRange(node)) };
  }

  strings(node: unknown, field: string, errors: Kustomization['errors']): LocatedString[] {
    if (!isSeq(node)) {
      if (node !== null && !(isScalar(node) && node.value === null)) {
        errors.push({ message: `\`${field}\` must be a list`, range: this.nodeRange(node) });
      }
      return [];
    }
    return node.items.flatMap((item) => {
      const located = this.string(item);
      return located ? [located] : [];
    });
  }

  imagesKey(pair: Pair, keyRange: Range): ImagesKey {
    const value = pair.value;
    const seq = isSeq(value) ? value : null;
    const valueRange = seq?.range ? this.rangeOf(seq.range[0], seq.range[1]) : null;
    return {
      range: keyRange,
      valueRange,
      flow: seq?.flow === true,
      empty: seq === null || seq.items.length === 0,
      dashColumn: seq && !seq.flow && valueRange ? valueRange.start.character : keyRange.start.character,
    };
  }

  images(node: unknown, firstIndex: number): ImageEntry[] {
    if (!isSeq(node)) {
      return [];
    }
    const entries: ImageEntry[] = [];
    for (const item of node.items) {
      if (!isMap(item)) {
        continue;
      }
      const field = (name: ImageField) => this.string(pairOf(item, name)?.value);
      const pairRanges: ImageEntry['pairRanges'] = {};
      let lastEnd = (item.range ?? [0, 0, 0])[0];
      let keyColumn = 0;
      for (const pair of item.items) {
        const key = keyOf(pair);
        const keyStart = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : null;
        const valueEnd = isScalar(pair.value) && pair.value.range ? pair.value.range[1] : isScalar(pair.key) && pair.key.range ? pair.key.range[1] : null;
        if (keyStart === null || valueEnd === null) {
          continue;
        }
        if (pair === item.items[0]) {
          keyColumn = this.rangeOf(keyStart, keyStart).start.character;
        }
        lastEnd = Math.max(lastEnd, valueEnd);
        if (key === 'name' || key === 'newName' || key === 'newTag' || key === 'digest' || key === 'tagSuffix') {
          pairRanges[key] = this.rangeOf(keyStart, valueEnd);
        }
      }
      const itemRange = item.range ?? [0, 0, 0];
      entries.push({
        index: firstIndex + entries.length,
        range: this.rangeOf(itemRange[0], lastEnd > itemRange[0] ? Math.max(lastEnd, item.flow ? itemRange[1] : lastEnd) : itemRange[1]),
        name: field('name'),
        newName: field('newName'),
        newTag: field('newTag'),
        digest: field('digest'),
        tagSuffix: field('tagSuffix'),
        pairRanges,
        flow: item.flow === true,
        keyColumn,
        end: this.rangeOf(lastEnd, lastEnd).start,
      });
    }
    return entries;
  }

  patches(node: unknown, field: PatchEntry['field'], file: string): PatchEntry[] {
    if (!isSeq(node)) {
      return [];
    }
    const patches: PatchEntry[] = [];
    for (const item of node.items) {
      const range = this.nodeRange(item);
      if (field === 'patchesStrategicMerge') {
        // Each item is a file path or, for legacy reasons, the patch itself.
        const located = this.string(item);
        if (located && isScalar(item)) {
          const inline = /\n/.test(located.value);
          patches.push({ field, range, path: inline ? null : located, inline: inline ? { text: located.value, origin: this.inlineOrigin(item, file) } : null, target: null });
        }
        continue;
      }
      if (!isMap(item)) {
        continue;
      }
      const patchNode = pairOf(item, 'patch')?.value;
      const patchText = this.string(patchNode);
      patches.push({
        field,
        range,
        path: this.string(pairOf(item, 'path')?.value),
        inline: patchText && isScalar(patchNode) ? { text: patchText.value, origin: this.inlineOrigin(patchNode, file) } : null,
        target: this.selector(pairOf(item, 'target')?.value),
      });
    }
    return patches;
  }

  helmCharts(node: unknown): Kustomization['helmCharts'] {
    if (!isSeq(node)) {
      return [];
    }
    return node.items.map((item) => ({ name: isMap(item) ? (this.string(pairOf(item, 'name')?.value)?.value ?? null) : null, range: this.nodeRange(item) }));
  }

  generatorSources(node: unknown): LocatedString[] {
    if (!isSeq(node)) {
      return [];
    }
    const sources: LocatedString[] = [];
    for (const item of node.items) {
      if (!isMap(item)) {
        continue;
      }
      const files = pairOf(item, 'files')?.value;
      for (const file of isSeq(files) ? files.items : []) {
        const located = this.string(file);
        // `key=path` names the key; the file is after the first `=`.
        if (located) {
          sources.push({ ...located, value: located.value.slice(located.value.indexOf('=') + 1) });
        }
      }
      const envs = pairOf(item, 'envs')?.value;
      for (const env of isSeq(envs) ? envs.items : []) {
        const located = this.string(env);
        if (located) {
          sources.push(located);
        }
      }
      const env = this.string(pairOf(item, 'env')?.value);
      if (env) {
        sources.push(env);
      }
    }
    return sources;
  }

  private selector(node: unknown): PatchSelector | null {
    if (!isMap(node)) {
      return null;
    }
    const field = (name: string) => this.string(pairOf(node, name)?.value)?.value ?? null;
    return {
      group: field('group'),
      version: field('version'),
      kind: field('kind'),
      name: field('name'),
      namespace: field('namespace'),
      labelSelector: field('labelSelector'),
      annotationSelector: field('annotationSelector'),
    };
  }

  /** Where an inline patch's lines are in the kustomization: block scalars map line by line. */
  private inlineOrigin(scalar: { range?: [number, number, number] | null; type?: string; source?: string }, file: string): TextOrigin {
    const [start, end] = scalar.range ?? [0, 0, 0];
    if (scalar.type === 'BLOCK_LITERAL') {
      const headerEnd = this.text.indexOf('\n', start);
      const firstContent = headerEnd === -1 ? end : headerEnd + 1;
      const firstLine = this.rangeOf(firstContent, firstContent).start.line;
      const indent = /^[ ]*/.exec(this.text.slice(firstContent, end))?.[0].length ?? 0;
      return blockScalarOrigin(file, String((scalar as { value?: unknown }).value ?? ''), firstLine, indent);
    }
    return fixedOrigin({ file, range: this.rangeOf(start, end) });
  }
}

function pairOf(map: YAMLMap, key: string): Pair | null {
  return (map.items.find((pair) => keyOf(pair) === key) as Pair | undefined) ?? null;
}
