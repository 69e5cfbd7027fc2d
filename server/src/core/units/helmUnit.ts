import type { ChartFiles, ChartRendering, Environment, ExplicitRendering, HelmContainer, ProvenancePart, RenderedTemplate } from '../helm';
import type { Span } from '../helm/template';
import { discoverEnvironments, explicitEnvironment } from '../helm';
import type { ImageOccurrence, Profile, Range, SourceLocation } from '../model';
import type { AnalysisSettings } from '../settings';
import { LineIndex } from '../yaml/lineIndex';
import { PinVerifier, containerIdentity } from './helmPinTargets';
import { HelmRenderCache } from './helmRenderCache';
import { withLazyEditTargets } from './lazyEditTargets';
import type { UnitAnalysis, UnitProblem } from './unitAnalysis';
import { unitOccurrence } from './unitOccurrence';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface HelmUnitInput {
  /** The chart folder as data (see core/helm/README.md). */
  files: ChartFiles;
  /** The adapter's POSIX path of the chart folder; file ids in the result are `chartDir/<chart-relative path>`. */
  chartDir: string;
  /** The chart folder relative to the project root, for profile patterns. */
  relativeDirectory: string;
  settings: AnalysisSettings;
  /** Extra chart-relative globs naming environment values files. */
  environmentPatterns?: string[];
  /** Render exactly this (CLI `--values`/`--set`/`--release-name`) instead of the discovered environments. */
  explicit?: ExplicitRendering;
  /** The CLI's --profile, before every other rule. */
  profileOverride?: Profile;
  /** The chart's renderings from its last analysis (an editor keeps one per chart), so unchanged environments are not rendered again. */
  cache?: HelmRenderCache;
}

const PROFILE_REASONS: Record<Environment['profileSource'], string> = {
  pattern: 'from the values file name',
  default: 'the default profile',
  comment: 'from a profile comment',
  override: 'chosen by the user',
};

/**
 * A Helm chart as a unit: every container of every environment (the chart's own values,
 * plus each environment values file; or the one explicit rendering given), rendered like `helm template`, reported on the
 * values key that supplies its tag (else its image, else the template text), with pin
 * targets proven by rendering again (helmPinTargets.ts) when first asked for. Null when the folder has no Chart.yaml.
 */
export function helmUnit(input: HelmUnitInput): UnitAnalysis | null {
  const { files, settings } = input;
  if (files.files['Chart.yaml'] === undefined) {
    return null;
  }
  const root = input.chartDir.replace(/\/+$/, '');
  const fileId = (file: string): string => `${root}/${file}`;
  const environments = input.explicit
    ? [explicitEnvironment(input.explicit, { settings, chartDir: input.relativeDirectory, profileOverride: input.profileOverride })]
    : discoverEnvironments(Object.keys(files.files), { settings, chartDir: input.relativeDirectory, patterns: input.environmentPatterns ?? [], profileOverride: input.profileOverride });
  const cache = input.cache ?? new HelmRenderCache();
  cache.keepOnly(environments);
  const chart = cache.chart(files, environments);
  const problems = new ProblemList();
  const rendered: { environment: Environment; containers: HelmContainer[]; rendering: ChartRendering }[] = [];
  for (const environment of environments) {
    const {
      rendering,
      containers: { containers, unknown },
    } = cache.render(chart, environment, settings.alwaysPullImagesAdmission);
    if (rendering.fatal) {
      problems.add({ file: fileId(environment.valuesFiles[0] ?? 'Chart.yaml'), range: START, severity: 'warning', message: `Helm cannot render the chart (${environment.name}): ${rendering.fatal}` });
      continue;
    }
    for (const missing of rendering.missing) {
      const location = missing.chartLocation === '' ? 'Chart.yaml' : `${missing.chartLocation}/Chart.yaml`;
      problems.add({ file: fileId(location), range: missing.range ?? START, severity: 'warning', message: missing.message.includes('helm dependency build') ? missing.message : `${missing.message}: run \`helm dependency build\`` });
    }
    for (const image of unknown) {
      problems.add({ file: fileId(image.file), range: START, severity: 'info', message: `Images of this template are unknown (${environment.name}): ${image.reason}` });
    }
    rendered.push({ environment, containers, rendering });
  }
  const images = new Map<string, Map<string, string>>();
  for (const { environment, containers } of rendered) {
    images.set(environment.name, new Map(containers.map((container) => [containerIdentity(container), container.image])));
  }
  const verifier = new PinVerifier({ files, chart, environments, images, alwaysPullImagesAdmission: settings.alwaysPullImagesAdmission, fileId });
  const occurrences: ImageOccurrence[] = [];
  for (const { environment, containers, rendering } of rendered) {
    const templates = new Map(rendering.templates.map((template) => [template.template, template]));
    for (const container of containers) {
      const origin = originOf(container, templates.get(container.template), rendering, fileId);
      occurrences.push(occurrenceOf(container, environment, verifier, origin, fileId));
    }
  }
  const allFiles = Object.keys(files.files);
  return {
    kind: 'helm',
    root,
    environments: environments.map((environment) => ({ name: environment.name, profile: environment.profile, profileReason: PROFILE_REASONS[environment.profileSource] })),
    images: occurrences,
    problems: problems.list(),
    filesRead: [...new Set([...allFiles, ...(input.explicit?.valuesFiles.map(({ file }) => file) ?? [])])].map(fileId),
    covers: allFiles.filter((file) => /(^|\/)templates\//.test(file) && !/^charts\/[^/]+\.tgz/.test(file)).map(fileId),
  };
}

function occurrenceOf(container: HelmContainer, environment: Environment, verifier: PinVerifier, origin: SourceLocation & { file: string }, fileId: (file: string) => string): ImageOccurrence {
  const primary = primaryPlace(container, fileId) ?? origin;
  const occurrence = unitOccurrence(container, {
    source: 'helm',
    environment: environment.name,
    primary,
    origin,
    editTargets: [],
    unresolved: null,
    ...policyPlace(container, primary.file, fileId),
    documentIndex: container.documentIndex,
  });
  return withLazyEditTargets(occurrence, () => verifier.targets(container, environment), verifier.hint(container, environment));
}

type ValuePart = Extract<ProvenancePart, { kind: 'value' }>;

/** The pull policy's values key, when it is written in the file the image's findings go to (so a policy finding lands on it). */
function policyPlace(container: HelmContainer, file: string, fileId: (file: string) => string): Pick<ImageOccurrence, 'policyKeyRange' | 'policyValueRange'> {
  const source = container.policyProvenance.find((part): part is ValuePart => part.kind === 'value')?.origin?.source;
  if (source?.kind !== 'file' || !source.location || fileId(source.file) !== file) {
    return { policyKeyRange: null, policyValueRange: null };
  }
  return { policyKeyRange: source.location.keyRange, policyValueRange: source.location.valueRange };
}

/** The values scalar supplying the tag, else the one supplying the whole image (in the file that wins for this rendering). */
function primaryPlace(container: HelmContainer, fileId: (file: string) => string): { file: string; range: Range } | null {
  const { image } = container;
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  const tagStart = colon > name.lastIndexOf('/') ? colon + 1 : null;
  const values = container.imageProvenance.filter((part): part is ValuePart => part.kind === 'value' && part.origin?.source.kind === 'file');
  const tagPart = tagStart === null ? undefined : values.find((part) => part.start <= tagStart && part.end > tagStart);
  const wholePart = values.find((part) => part.start === 0 && part.end === image.length);
  const part = tagPart ?? wholePart;
  const source = part?.origin?.source;
  if (source?.kind !== 'file' || !source.location) {
    return null;
  }
  // A packaged subchart's values cannot be edited: its findings go on the root Chart.yaml.
  return /^charts\/[^/]+\.tgz\//.test(source.file) ? { file: fileId('Chart.yaml'), range: START } : { file: fileId(source.file), range: source.location.valueRange };
}

/**
 * The template text of the image: from where the template writes its value (the literal
 * text just before it in the output tells the offset) to the end of that line; else the
 * literal parts in the template file; else the file's first `image:` line.
 */
function originOf(container: HelmContainer, rendered: RenderedTemplate | undefined, rendering: ChartRendering, fileId: (file: string) => string): SourceLocation & { file: string } {
  const file = fileId(container.file);
  const source = rendering.sources.get(container.template);
  const text = source?.text ?? '';
  const lines = new LineIndex(text);
  const lineRange = (offset: number): Range => {
    const start = lines.positionAt(offset);
    const lineEnd = text.indexOf('\n', offset);
    const end = lines.positionAt(lineEnd === -1 ? text.length : lineEnd);
    return { start, end: { line: end.line, character: text.slice(0, lineEnd === -1 ? text.length : lineEnd).endsWith('\r') ? end.character - 1 : end.character } };
  };
  const before = rendered ? spanAt(rendered.spans, container.imageOffset[0] - 1) : undefined;
  if (before?.origin.kind === 'literal' && before.origin.template === container.template) {
    return { file, range: lineRange(before.origin.offset + (container.imageOffset[0] - before.start)) };
  }
  const literals = container.imageProvenance.filter((part): part is Extract<ProvenancePart, { kind: 'literal' }> => part.kind === 'literal' && part.file === container.file);
  const first = literals[0];
  const last = literals[literals.length - 1];
  if (first && last) {
    return { file, range: { start: first.range.start, end: last.range.end } };
  }
  const line = /^[ \t]*(-[ \t]+)?image:/m.exec(text);
  return { file, range: line ? lineRange(line.index) : START };
}

/** The span holding an output offset (spans are sorted and cover the output). */
function spanAt(spans: readonly Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid] as Span;
    if (offset < span.start) {
      high = mid - 1;
    } else if (offset >= span.end) {
      low = mid + 1;
    } else {
      return span;
    }
  }
  return undefined;
}

/** Problems once per place and message, across environments. */
class ProblemList {
  private readonly byKey = new Map<string, UnitProblem>();

  add(problem: UnitProblem): void {
    const key = `${problem.file}\u0000${problem.range.start.line}:${problem.range.start.character}\u0000${problem.message.replace(/ \([^)]*\)/, '')}`;
    if (!this.byKey.has(key)) {
      this.byKey.set(key, problem);
    }
  }

  list(): UnitProblem[] {
    return [...this.byKey.values()];
  }
}
