/**
 * Where a Helm image may be pinned, proven before it is offered: each candidate edit is
 * applied in memory to the values file, every environment that reads the file is rendered
 * again, and the candidate is kept only when this container comes out exactly pinned and
 * every other container it changes had the same image (so one digest never lands on
 * another tag). Pins go into values files, never into templates; a subchart's keys are
 * written under its key (alias) in the root chart's values.
 */
import type { Chart, ChartFiles, Environment, HelmContainer, ProvenancePart } from '../helm';
import { chartContainers, environmentFileText, environmentRequest, loadChart, renderChart } from '../helm';
import type { ValuePath } from '../helm/values/valueTypes';
import type { EditTarget, Position, Range } from '../model';
import type { TargetHint } from './lazyEditTargets';
import { DIGEST_PLACEHOLDER } from '../model';
import { withDigest } from '../reference/pinnedImage';
import type { TextEdit } from './valuesEdits';
import { applyEdits, setValueEdits } from './valuesEdits';

/** Digest keys charts read beside the tag (`image.digest` in Bitnami, ingress-nginx, cert-manager…; `sha` in some). */
const DIGEST_KEYS = ['digest', 'sha'];

type ValuePart = Extract<ProvenancePart, { kind: 'value' }>;

export interface PinContext {
  files: ChartFiles;
  chart: Chart;
  environments: readonly Environment[];
  /** Rendered images of every environment, by container identity. */
  images: ReadonlyMap<string, ReadonlyMap<string, string>>;
  alwaysPullImagesAdmission: boolean;
  /** The adapter's id of a chart-relative file. */
  fileId: (file: string) => string;
}

export function containerIdentity(container: HelmContainer): string {
  return `${container.file}\u0000${container.documentIndex}\u0000${container.resource.kind ?? ''}/${container.resource.name ?? ''}\u0000${container.containerPath}`;
}

/** The file the environment's pins go to: its last `-f` file, else the chart's values.yaml. */
export function pinFileOf(environment: Environment): string {
  return environment.valuesFiles[environment.valuesFiles.length - 1] ?? 'values.yaml';
}

/** Caches re-renderings by edit, so one key feeding many containers is verified once. */
export class PinVerifier {
  private readonly renders = new Map<string, Map<string, Map<string, string>> | null>();
  private readonly scalars = new Map<string, Range | null>();

  constructor(private readonly context: PinContext) {}

  /** Verified edit targets of one container of `environment`. */
  targets(container: HelmContainer, environment: Environment): EditTarget[] {
    const { image } = container;
    const tagStart = tagStartOf(image);
    if (container.reference.error || tagStart === null) {
      return [];
    }
    const parts = container.imageProvenance.filter((part): part is ValuePart => part.kind === 'value');
    const tagPart = parts.find((part) => part.start <= tagStart && part.end > tagStart);
    const targets: EditTarget[] = [];
    const repositoryPart = parts.find((part) => part.start === 0 && part !== tagPart);
    if (repositoryPart) {
      const located = this.located(repositoryPart);
      if (located) {
        targets.push({ ...located, kind: 'repository' });
      }
    }
    const expectedKeep = withDigest(image, DIGEST_PLACEHOLDER, 'keepTag');
    const expectedOnly = withDigest(image, DIGEST_PLACEHOLDER, 'digestOnly');
    const digest = this.digestTarget(container, environment, tagPart, expectedKeep, expectedOnly);
    if (digest) {
      targets.push(digest);
    }
    if (tagPart && tagPart.start === 0 && tagPart.end === image.length) {
      const whole = this.scalarTarget(container, environment, tagPart, 'image', { keepTag: expectedKeep, digestOnly: expectedOnly }, (mode) => withDigest(image, DIGEST_PLACEHOLDER, mode));
      if (whole) {
        targets.push(whole);
      }
    } else if (container.reference.tag !== null) {
      const text = `${container.reference.tag}@${DIGEST_PLACEHOLDER}`;
      const expected = { keepTag: expectedKeep, digestOnly: expectedKeep };
      // A tag the template defaults (`.Chart.AppVersion`) is set beside the repository key.
      const tagPath = repositoryPart?.origin ? [...repositoryPart.origin.rootPath.slice(0, -1), 'tag'] : null;
      const tag = tagPart
        ? this.scalarTarget(container, environment, tagPart, 'tag', expected, () => text)
        : tagPath && this.insertion(container, environment, tagPath, 'tag', () => text, expected);
      if (tag) {
        targets.push(tag);
      }
    }
    return targets;
  }

  /**
   * Where this container's targets may lie, without rendering: a values scalar that feeds
   * the image, or an existing scalar the environment's pin file would get at a path the
   * targets may set (the tag, digest keys, the image) — a superset of `targets`' ranges.
   */
  hint(container: HelmContainer, environment: Environment): TargetHint {
    const parts = container.imageProvenance.filter((part): part is ValuePart => part.kind === 'value');
    const pinFile = pinFileOf(environment);
    return (file, position) => {
      if (parts.some((part) => { const located = this.located(part); return located !== null && located.file === file && contains(located.range, position); })) {
        return true;
      }
      if (file !== this.context.fileId(pinFile)) {
        return false;
      }
      const paths = parts.flatMap((part) => (part.origin ? [part.origin.rootPath, ...['tag', ...DIGEST_KEYS].map((key) => [...(part.origin?.rootPath ?? []).slice(0, -1), key])] : []));
      return paths.some((rootPath) => {
        const range = this.existingScalar(pinFile, rootPath);
        return range !== null && contains(range, position);
      });
    };
  }

  /** The range `setValueEdits` would replace at `rootPath` in `file` (an insertion point when the key is absent), cached. */
  private existingScalar(file: string, rootPath: ValuePath): Range | null {
    const key = `${file}\u0000${JSON.stringify(rootPath)}`;
    let range = this.scalars.get(key);
    if (range === undefined) {
      const text = this.context.chart.files[file] ?? (file === 'values.yaml' ? (this.context.files.files['values.yaml'] ?? '') : null);
      range = (text === null ? null : setValueEdits(text, rootPath, DIGEST_PLACEHOLDER)?.[0]?.range) ?? null;
      this.scalars.set(key, range);
    }
    return range;
  }

  private located(part: ValuePart): Omit<EditTarget, 'kind'> | null {
    const source = part.origin?.source;
    if (source?.kind !== 'file' || !source.location) {
      return null;
    }
    return { file: this.context.fileId(source.file), range: source.location.valueRange };
  }

  /** A tag or whole-image scalar: replaced where it is written when that file is the root's, else set under the root path in the environment's file. */
  private scalarTarget(
    container: HelmContainer,
    environment: Environment,
    part: ValuePart,
    kind: 'tag' | 'image',
    expected: Record<'keepTag' | 'digestOnly', string>,
    textFor: (mode: 'keepTag' | 'digestOnly') => string,
  ): EditTarget | null {
    const origin = part.origin;
    const source = origin?.source;
    if (!origin || source?.kind !== 'file' || !source.location || part.end - part.start !== printedLength(source, part)) {
      return null;
    }
    // values.yaml of an explicit rendering with -f files may feed renderings this run does not see.
    const ownFile = source.userFile || (source.file === 'values.yaml' && !(environment.explicit && environment.valuesFiles.length > 0));
    if (ownFile) {
      const file = source.file;
      const keep = [{ range: source.location.valueRange, newText: textFor('keepTag') }];
      const only = [{ range: source.location.valueRange, newText: textFor('digestOnly') }];
      if (this.verified(container, file, keep, expected.keepTag) && this.verified(container, file, only, expected.digestOnly)) {
        const target: EditTarget = { file: this.context.fileId(file), range: source.location.valueRange, kind };
        return kind === 'image' ? { ...target, pinEdits: { keepTag: keep, digestOnly: only } } : target;
      }
      // The file is shared with environments that deploy another image: override in this environment's own file.
    }
    return this.insertion(container, environment, origin.rootPath, kind, textFor, expected);
  }

  private digestTarget(container: HelmContainer, environment: Environment, tagPart: ValuePart | undefined, expectedKeep: string, expectedOnly: string): EditTarget | null {
    const parentPath = tagPart?.origin?.rootPath.slice(0, -1);
    if (!parentPath) {
      return null;
    }
    for (const key of DIGEST_KEYS) {
      const target = this.insertion(container, environment, [...parentPath, key], 'digest', () => DIGEST_PLACEHOLDER, null, [expectedKeep, expectedOnly]);
      if (target) {
        return target;
      }
    }
    return null;
  }

  /** Sets `rootPath` in the environment's pin file; verified against `expected` (per mode) or any of `anyOf`. */
  private insertion(
    container: HelmContainer,
    environment: Environment,
    rootPath: ValuePath,
    kind: EditTarget['kind'],
    textFor: (mode: 'keepTag' | 'digestOnly') => string,
    expected: Record<'keepTag' | 'digestOnly', string> | null,
    anyOf: string[] = [],
  ): EditTarget | null {
    const file = pinFileOf(environment);
    const text = environmentFileText(this.context.chart, environment, file) ?? (file === 'values.yaml' ? (this.context.files.files['values.yaml'] ?? '') : null);
    if (text === null) {
      return null;
    }
    const keep = setValueEdits(text, rootPath, textFor('keepTag'));
    const only = setValueEdits(text, rootPath, textFor('digestOnly'));
    if (!keep || !only) {
      return null;
    }
    const ok = expected
      ? this.verified(container, file, keep, expected.keepTag) && this.verified(container, file, only, expected.digestOnly)
      : anyOf.some((image) => this.verified(container, file, keep, image));
    if (!ok) {
      return null;
    }
    const range = keep[0]?.range;
    return range ? { file: this.context.fileId(file), range, kind, pinEdits: { keepTag: keep, digestOnly: only } } : null;
  }

  /** The container renders as `expected` after the edits, and every other change is the same pin of the same image. */
  private verified(container: HelmContainer, file: string, edits: readonly TextEdit[], expected: string): boolean {
    const after = this.renderWith(file, edits);
    if (!after) {
      return false;
    }
    const identity = containerIdentity(container);
    for (const [environment, images] of this.context.images) {
      const afterImages = after.get(environment);
      if (!afterImages) {
        continue;
      }
      for (const [id, before] of images) {
        const now = afterImages.get(id);
        if (now === before) {
          continue;
        }
        if (now !== expected || before !== container.image) {
          return false;
        }
      }
      if (!afterImages.has(identity) && images.has(identity)) {
        return false;
      }
    }
    return [...after.values()].some((images) => images.get(identity) === expected);
  }

  /** Every environment reading `file`, rendered with the edits applied to it: environment → identity → image. */
  private renderWith(file: string, edits: readonly TextEdit[]): Map<string, Map<string, string>> | null {
    const key = `${file}\u0000${JSON.stringify(edits)}`;
    const cached = this.renders.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const { chart, files, environments, alwaysPullImagesAdmission } = this.context;
    const reader = environments.find((environment) => environment.valuesFiles.includes(file));
    const original = (reader && environmentFileText(chart, reader, file)) ?? files.files[file] ?? '';
    const edited = applyEdits(original, edits);
    const reloaded = file === 'values.yaml' ? loadChart({ ...files, files: { ...files.files, [file]: edited } }) : chart;
    const result = new Map<string, Map<string, string>>();
    let failed = false;
    for (const environment of environments) {
      if (file !== 'values.yaml' && !environment.valuesFiles.includes(file)) {
        continue;
      }
      const rendering = renderChart(reloaded, environmentRequest(chart, environment, { file, text: edited }));
      if (rendering.fatal) {
        failed = true;
        break;
      }
      const images = new Map<string, string>();
      for (const rendered of chartContainers(rendering, { alwaysPullImagesAdmission }).containers) {
        images.set(containerIdentity(rendered), rendered.image);
      }
      result.set(environment.name, images);
    }
    const answer = failed ? null : result;
    this.renders.set(key, answer);
    return answer;
  }
}

/** Offset where the tag starts in an image (after the last `:` of the name), or the end when there is none. */
function tagStartOf(image: string): number | null {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? colon + 1 : null;
}

/** How long the scalar's rendered text is when the part is the whole of it (a value rendered in full). */
function printedLength(source: { location: { valueRange: { start: { line: number; character: number }; end: { line: number; character: number } } } | null }, part: ValuePart): number {
  const range = source.location?.valueRange;
  if (!range || range.start.line !== range.end.line) {
    return -1;
  }
  // Only a scalar written on one line and rendered character for character is replaced in place.
  return part.end - part.start === range.end.character - range.start.character ? part.end - part.start : -1;
}

function contains(range: Range, position: Position): boolean {
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}
