import type { Chart, ChartFiles, Environment, HelmContainer, ProvenancePart } from '../helm';
import { chartContainers, discoverEnvironments, loadChart, renderEnvironment } from '../helm';
import type { ImageOccurrence, Range, SourceLocation } from '../model';
import type { AnalysisSettings } from '../settings';
import { PinVerifier, containerIdentity } from './helmPinTargets';
import type { UnitAnalysis, UnitProblem } from './unitAnalysis';

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
}

const PROFILE_REASONS: Record<Environment['profileSource'], string> = {
  pattern: 'from the values file name',
  default: 'the default profile',
  comment: 'from a profile comment',
  override: 'chosen by the user',
};

/**
 * A Helm chart as a unit: every container of every environment (the chart's own values,
 * plus each environment values file), rendered like `helm template`, reported on the
 * values key that supplies its tag (else its image, else the template text), with pin
 * targets proven by rendering again (helmPinTargets.ts). Null when the folder has no Chart.yaml.
 */
export function helmUnit(input: HelmUnitInput): UnitAnalysis | null {
  const { files, settings } = input;
  if (files.files['Chart.yaml'] === undefined) {
    return null;
  }
  const root = input.chartDir.replace(/\/+$/, '');
  const fileId = (file: string): string => `${root}/${file}`;
  const chart = loadChart(files);
  const environments = discoverEnvironments(Object.keys(files.files), { settings, chartDir: input.relativeDirectory, patterns: input.environmentPatterns ?? [] });
  const problems = new ProblemList();
  const policy = { alwaysPullImagesAdmission: settings.alwaysPullImagesAdmission };
  const rendered: { environment: Environment; containers: HelmContainer[] }[] = [];
  for (const environment of environments) {
    const rendering = renderEnvironment(chart, environment);
    if (rendering.fatal) {
      problems.add({ file: fileId(environment.valuesFiles[0] ?? 'Chart.yaml'), range: START, severity: 'warning', message: `Helm cannot render the chart (${environment.name}): ${rendering.fatal}` });
      continue;
    }
    for (const missing of rendering.missing) {
      const location = missing.chartLocation === '' ? 'Chart.yaml' : `${missing.chartLocation}/Chart.yaml`;
      problems.add({ file: fileId(location), range: missing.range ?? START, severity: 'warning', message: missing.message.includes('helm dependency build') ? missing.message : `${missing.message}: run \`helm dependency build\`` });
    }
    const { containers, unknown } = chartContainers(rendering, policy);
    for (const image of unknown) {
      problems.add({ file: fileId(image.file), range: START, severity: 'info', message: `Images of this template are unknown (${environment.name}): ${image.reason}` });
    }
    rendered.push({ environment, containers });
  }
  const images = new Map<string, Map<string, string>>();
  for (const { environment, containers } of rendered) {
    images.set(environment.name, new Map(containers.map((container) => [containerIdentity(container), container.image])));
  }
  const verifier = new PinVerifier({ files, chart, environments, images, alwaysPullImagesAdmission: settings.alwaysPullImagesAdmission, fileId });
  const occurrences: ImageOccurrence[] = [];
  for (const { environment, containers } of rendered) {
    for (const container of containers) {
      occurrences.push(occurrenceOf(container, environment, rendered.length > 0 ? verifier : null, fileId, chart));
    }
  }
  const allFiles = Object.keys(files.files);
  return {
    kind: 'helm',
    root,
    environments: environments.map((environment) => ({ name: environment.name, profile: environment.profile, profileReason: PROFILE_REASONS[environment.profileSource] })),
    images: occurrences,
    problems: problems.list(),
    filesRead: allFiles.map(fileId),
    covers: allFiles.filter((file) => /(^|\/)templates\//.test(file) && !/^charts\/[^/]+\.tgz/.test(file)).map(fileId),
  };
}

function occurrenceOf(container: HelmContainer, environment: Environment, verifier: PinVerifier | null, fileId: (file: string) => string, chart: Chart): ImageOccurrence {
  const origin = originOf(container, fileId, chart);
  const primary = primaryPlace(container, fileId) ?? origin;
  return {
    file: primary.file,
    range: primary.range,
    image: container.image,
    resource: container.resource,
    container: container.container,
    containerPath: container.containerPath,
    source: 'helm',
    origin,
    editTargets: verifier ? verifier.targets(container, environment) : [],
    environment: environment.name,
    unresolved: null,
    reference: container.reference,
    pullPolicy: container.pullPolicy,
    policyKeyRange: null,
    policyValueRange: null,
    policyInsertion: null,
    documentIndex: container.documentIndex,
    pod: null,
  };
}

type ValuePart = Extract<ProvenancePart, { kind: 'value' }>;

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

/** The template text of the image: the literal parts in the template file, else its `image:` line. */
function originOf(container: HelmContainer, fileId: (file: string) => string, chart: Chart): SourceLocation & { file: string } {
  const literals = container.imageProvenance.filter((part): part is Extract<ProvenancePart, { kind: 'literal' }> => part.kind === 'literal' && part.file === container.file);
  const first = literals[0];
  const last = literals[literals.length - 1];
  if (first && last) {
    return { file: fileId(container.file), range: { start: first.range.start, end: last.range.end } };
  }
  const text = templateText(chart, container.file);
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => /^\s*(-\s+)?image:/.test(candidate));
  const found = line === -1 ? START : { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').replace(/\r$/, '').length } };
  return { file: fileId(container.file), range: found };
}

function templateText(chart: Chart, file: string): string {
  const own = chart.templates.find((template) => template.path === file);
  if (own) {
    return own.text;
  }
  for (const subchart of chart.subcharts) {
    const prefix = `${subchart.location}/`;
    if (file.startsWith(prefix)) {
      return templateText(subchart, file.slice(prefix.length));
    }
  }
  return '';
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
