import type { PullPolicyInfo } from '../model';
import { LineIndex } from '../yaml/lineIndex';
import type { PolicyContext, WrittenPolicy } from '../policy/effectivePullPolicy';
import { effectivePullPolicy } from '../policy/effectivePullPolicy';
import { parseImageReference } from '../reference/parseReference';
import type { BuiltContainer, BuiltResource, ImagesEntryProvenance, KustomizeBuild } from './buildResult';
import { containersOf } from './builtContainers';
import type { FileAccess } from './fileAccess';
import { joinPath } from './fileAccess';
import { digestInsertion } from './imagesEntryEdits';
import type { Kustomization, LocatedString } from './kustomizationFile';
import { findKustomizationFile, KUSTOMIZATION_FILE_NAMES, parseKustomization } from './kustomizationFile';
import { loadResources } from './loadResources';
import { applyPatch } from './applyPatch';
import type { KustomizeProblem, KustomizeProblemCode } from './problems';
import { isRemoteReference, START_OF_FILE } from './problems';
import type { ImageEntryChange, PatchChange, Resource } from './resource';
import { currentId, traceOf } from './resource';
import type { FileRange } from './sourceText';
import { fileOrigin } from './sourceText';
import { applyImageEntry, applyNameAffixes, applyNamespace } from './transformers';

/** Renders a kustomization's `helmCharts` entry; supplied by the Helm source when it can render the chart locally. */
export type HelmChartRenderer = (kustomization: Kustomization, chartIndex: number) => { file: string; text: string } | { error: string };

export interface BuildOptions {
  policy?: PolicyContext;
  /** Without it, `helmCharts` are reported as not rendered. */
  renderHelmChart?: HelmChartRenderer;
}

const NOT_EVALUATED: Readonly<Record<string, { message: string; affectsImages: boolean }>> = {
  configMapGenerator: { message: '`configMapGenerator` is not evaluated: its ConfigMaps are not listed (they hold no images)', affectsImages: false },
  secretGenerator: { message: '`secretGenerator` is not evaluated: its Secrets are not listed (they hold no images)', affectsImages: false },
  replicas: { message: '`replicas` is not evaluated (it changes no image)', affectsImages: false },
};

/**
 * Builds the kustomization in `directory` like `kustomize build` (without plugins,
 * generators or network) and returns every resource and container of the output
 * with where each image came from. Never throws: what cannot be built becomes a
 * problem on the line that names it.
 */
export function buildKustomization(files: FileAccess, directory: string, options: BuildOptions = {}): KustomizeBuild {
  const builder = new Builder(files, options);
  const root = builder.kustomizationIn(directory, null);
  if (root?.kind === 'Component') {
    builder.problem('invalid-kustomization', 'a Component does not build alone: it is applied by the kustomizations that list it under `components`', {
      file: root.file,
      range: START_OF_FILE,
    });
  }
  const resources = root ? (builder.build(root) ?? []) : [];
  const policy = options.policy ?? { alwaysPullImagesAdmission: false };
  const built: BuiltResource[] = [];
  const containers: BuiltContainer[] = [];
  for (const resource of resources) {
    const resourceIndex = built.length;
    const id = currentId(resource.object);
    const info = {
      apiVersion: typeof resource.object.apiVersion === 'string' ? resource.object.apiVersion : null,
      kind: id.kind || null,
      name: id.name || null,
      namespace: id.namespace || null,
    };
    built.push({ resource: info, origin: resource.origin });
    for (const { container, path } of containersOf(resource.object)) {
      containers.push(builtContainer(container, path, resourceIndex, info, builder.kustomizations, policy));
    }
  }
  return { directory, kustomizationFile: root?.file ?? null, resources: built, containers, filesRead: [...builder.filesRead], problems: builder.problems };
}

function builtContainer(
  container: Resource['object'],
  containerPath: string,
  resourceIndex: number,
  resource: BuiltContainer['resource'],
  kustomizations: ReadonlyMap<string, LoadedKustomization>,
  policy: PolicyContext,
): BuiltContainer {
  const trace = traceOf(container);
  const image = typeof container.image === 'string' ? container.image : container.image === null || container.image === undefined ? '' : String(container.image);
  const reference = parseImageReference(image);
  const entryChange = [...trace.changes].reverse().find((change): change is ImageEntryChange => change.kind === 'images') ?? null;
  const imagePatch = [...trace.changes].reverse().find((change): change is PatchChange => change.kind === 'patch' && change.field === 'image') ?? null;
  return {
    resourceIndex,
    resource,
    container: typeof container.name === 'string' ? container.name : null,
    containerPath,
    image,
    reference,
    pullPolicy: pullPolicyOf(container, reference, policy),
    imagePlace: trace.imagePlace,
    policyPlace: trace.policyPlace,
    imagesEntry: entryChange ? entryProvenance(entryChange, kustomizations) : null,
    imagePatch,
    changes: trace.changes,
  };
}

function entryProvenance(change: ImageEntryChange, kustomizations: ReadonlyMap<string, LoadedKustomization>): ImagesEntryProvenance {
  const kustomization = kustomizations.get(change.kustomizationFile);
  const lines = kustomization ? (kustomization.lines ??= new LineIndex(kustomization.text)) : new LineIndex('');
  return {
    kustomizationFile: change.kustomizationFile,
    entry: change.entry,
    before: change.before,
    after: change.after,
    digestInsertion: digestInsertion(change.entry, lines),
  };
}

function pullPolicyOf(container: Resource['object'], reference: BuiltContainer['reference'], policy: PolicyContext): PullPolicyInfo {
  const value = container.imagePullPolicy;
  const written: WrittenPolicy =
    value === undefined || value === null ? { kind: 'absent' } : typeof value === 'string' ? { kind: 'string', value } : { kind: 'non-string', source: String(value) };
  return effectivePullPolicy(reference, written, policy);
}

/** A resource's identity for duplicate checks: group, kind, namespace (empty is `default`) and name. */
function idKey(resource: Resource): string {
  const id = currentId(resource.object);
  return `${id.group}|${id.kind}|${id.namespace || 'default'}|${id.name}`;
}

/** `path` is `directory` or below it (both normalised). */
function isWithin(directory: string, path: string): boolean {
  if (directory === '.') {
    return !path.startsWith('/') && path !== '..' && !path.startsWith('../');
  }
  return path === directory || path.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/** A kustomization with its text (and line index, made once when needed), kept for provenance edits. */
type LoadedKustomization = Kustomization & { text: string; lines?: LineIndex };

class Builder {
  readonly filesRead = new Set<string>();
  readonly problems: KustomizeProblem[] = [];
  readonly kustomizations = new Map<string, LoadedKustomization>();
  /** Folders being built, innermost last: a folder reached again is a cycle. */
  private readonly stack: string[] = [];

  constructor(
    private readonly files: FileAccess,
    private readonly options: BuildOptions,
  ) {}

  problem(code: KustomizeProblemCode, message: string, place: FileRange, affectsImages = true): void {
    this.problems.push({ code, message, file: place.file, range: place.range, affectsImages });
  }

  readText(path: string): string | null {
    this.filesRead.add(path);
    return this.files.readText(path);
  }

  /**
   * A file a kustomization names (resource, patch, generator source…), read as
   * kustomize's default load restrictor allows: only in or below the
   * kustomization's folder. Reports why it cannot be read, with `what` naming it.
   */
  readLocalFile(kustomization: LoadedKustomization, located: LocatedString, what: string, affectsImages = true): { path: string; text: string } | null {
    const namedAt = { file: kustomization.file, range: located.range };
    const path = joinPath(kustomization.directory, located.value);
    if (!isWithin(kustomization.directory, path)) {
      this.problem('outside-root', `${what} ${located.value} is outside the kustomization's folder; kustomize refuses to load it (load restrictor)`, namedAt, affectsImages);
      return null;
    }
    const text = this.readText(path);
    if (text === null) {
      this.problem('missing-file', `missing ${what}: ${located.value} (${path} does not exist)`, namedAt, affectsImages);
      return null;
    }
    return { path, text };
  }

  /** The kustomization of a folder; `namedAt` is the line that points at the folder (null for the root). */
  kustomizationIn(directory: string, namedAt: FileRange | null): LoadedKustomization | null {
    const file = findKustomizationFile(this.files, directory);
    if (file === null) {
      for (const name of KUSTOMIZATION_FILE_NAMES) {
        this.filesRead.add(joinPath(directory, name));
      }
      this.problem('missing-kustomization', `no ${KUSTOMIZATION_FILE_NAMES.join(', ')} in ${directory}`, namedAt ?? { file: directory, range: START_OF_FILE });
      return null;
    }
    const cached = this.kustomizations.get(file);
    if (cached) {
      return cached;
    }
    const text = this.readText(file);
    if (text === null) {
      this.problem('missing-file', `cannot read ${file}`, namedAt ?? { file, range: START_OF_FILE });
      return null;
    }
    const kustomization = { ...parseKustomization(file, directory, text), text };
    for (const error of kustomization.errors) {
      this.problem('invalid-kustomization', error.message, { file, range: error.range });
    }
    this.kustomizations.set(file, kustomization);
    return kustomization;
  }

  /** The output of a kustomization (not a component), or null on a cycle. */
  build(kustomization: LoadedKustomization, namedAt: FileRange | null = null): Resource[] | null {
    if (this.stack.includes(kustomization.directory)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(kustomization.directory)), kustomization.directory].join(' → ');
      this.problem('cycle', `cycle: ${cycle}`, namedAt ?? { file: kustomization.file, range: START_OF_FILE });
      return null;
    }
    this.stack.push(kustomization.directory);
    const resources: Resource[] = [];
    this.accumulate(kustomization, resources);
    this.stack.pop();
    return resources;
  }

  /** kustomize's `AccumulateTarget`: resources, components, then transformers, into `resources`. */
  private accumulate(kustomization: LoadedKustomization, resources: Resource[]): void {
    const at = (located: { range: LocatedString['range'] }): FileRange => ({ file: kustomization.file, range: located.range });
    const ids = new Set(resources.map(idKey));
    for (const entry of [...kustomization.resources, ...kustomization.bases]) {
      for (const resource of this.resourcesOf(kustomization, entry)) {
        const key = idKey(resource);
        if (ids.has(key)) {
          // kustomize refuses the whole build ("may not add resource with an already registered id").
          this.problem('invalid-kustomization', `${entry.value} adds ${key.replace(/\|/g, ' ')} a second time; kustomize refuses duplicate resources`, at(entry));
          continue;
        }
        ids.add(key);
        resources.push(resource);
      }
    }
    for (const entry of kustomization.components) {
      this.applyComponent(kustomization, entry, resources);
    }
    kustomization.helmCharts.forEach((chart, index) => {
      const rendered = this.options.renderHelmChart?.(kustomization, index);
      if (rendered && 'text' in rendered) {
        this.filesRead.add(rendered.file);
        resources.push(...loadResources(rendered.text, fileOrigin(rendered.file, rendered.text)).resources);
        return;
      }
      const why = rendered && 'error' in rendered ? `: ${rendered.error}` : '';
      this.problem('helm-charts', `helmCharts${chart.name ? ` (${chart.name})` : ''} need \`--enable-helm\` and the chart; not rendered${why}`, at(chart));
    });
    for (const source of kustomization.generatorSources) {
      // Generated ConfigMaps and Secrets hold no images, but kustomize fails without their sources.
      if (!isRemoteReference(source.value)) {
        this.readLocalFile(kustomization, source, 'generator source', false);
      }
    }
    for (const field of kustomization.unsupported) {
      for (const file of field.files) {
        this.readLocalFile(kustomization, file, `\`${field.field}\` file`);
      }
      const known = NOT_EVALUATED[field.field];
      this.problem('not-evaluated', known?.message ?? `\`${field.field}\` is not evaluated: it may change the built resources and images`, at(field), known?.affectsImages ?? true);
    }
    // Transformers in kustomize's order (api/internal/target/kusttarget_configplugin.go).
    this.applyPatches(kustomization, 'patchesStrategicMerge', resources);
    this.applyPatches(kustomization, 'patches', resources);
    if (kustomization.namespace && kustomization.namespace.value !== '') {
      applyNamespace(resources, kustomization.namespace.value);
    }
    applyNameAffixes(resources, kustomization.namePrefix?.value ?? '', kustomization.nameSuffix?.value ?? '');
    this.applyPatches(kustomization, 'patchesJson6902', resources);
    for (const entry of kustomization.images) {
      applyImageEntry(resources, entry, kustomization.file);
    }
  }

  private resourcesOf(kustomization: LoadedKustomization, entry: LocatedString): Resource[] {
    const namedAt = { file: kustomization.file, range: entry.range };
    if (isRemoteReference(entry.value)) {
      this.problem('remote-resource', `remote resource not followed: ${entry.value} (fetching it needs the network)`, namedAt);
      return [];
    }
    const path = joinPath(kustomization.directory, entry.value);
    if (this.files.isDir(path)) {
      const nested = this.kustomizationIn(path, namedAt);
      if (nested === null) {
        return [];
      }
      if (nested.kind === 'Component') {
        this.problem('invalid-kustomization', `${entry.value} is a Component; list it under \`components\`, not \`resources\``, namedAt);
        return [];
      }
      return this.build(nested, namedAt) ?? [];
    }
    const file = this.readLocalFile(kustomization, entry, 'resource');
    if (file === null) {
      return [];
    }
    const loaded = loadResources(file.text, fileOrigin(file.path, file.text));
    for (const error of loaded.errors) {
      this.problem('invalid-yaml', `${entry.value}: ${error}`, namedAt);
    }
    return loaded.resources;
  }

  private applyComponent(kustomization: LoadedKustomization, entry: LocatedString, resources: Resource[]): void {
    const namedAt = { file: kustomization.file, range: entry.range };
    if (isRemoteReference(entry.value)) {
      this.problem('remote-resource', `remote component not followed: ${entry.value} (fetching it needs the network)`, namedAt);
      return;
    }
    const component = this.kustomizationIn(joinPath(kustomization.directory, entry.value), namedAt);
    if (component === null) {
      return;
    }
    if (component.kind !== 'Component') {
      this.problem('invalid-kustomization', `${entry.value} is not a Component (kind: Component)`, namedAt);
      return;
    }
    if (this.stack.includes(component.directory)) {
      this.problem('cycle', `cycle: ${[...this.stack.slice(this.stack.indexOf(component.directory)), component.directory].join(' → ')}`, namedAt);
      return;
    }
    this.stack.push(component.directory);
    this.accumulate(component, resources);
    this.stack.pop();
  }

  private applyPatches(kustomization: LoadedKustomization, field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902', resources: Resource[]): void {
    for (const patch of kustomization.patches) {
      if (patch.field !== field) {
        continue;
      }
      const namedAt = { file: kustomization.file, range: patch.path?.range ?? patch.range };
      let source: { text: string; origin: ReturnType<typeof fileOrigin> } | null = patch.inline;
      if (patch.path) {
        const file = this.readLocalFile(kustomization, patch.path, 'patch file');
        if (file === null) {
          continue;
        }
        source = { text: file.text, origin: fileOrigin(file.path, file.text) };
      }
      if (source === null) {
        this.problem('patch-failed', 'patch without `path` or `patch`', namedAt);
        continue;
      }
      const failure = applyPatch(resources, patch, source, kustomization.file);
      if (failure !== null) {
        this.problem(failure.code, failure.message, namedAt);
      }
    }
  }
}
