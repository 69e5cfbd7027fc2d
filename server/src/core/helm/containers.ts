/**
 * The containers of a rendered chart, each with its rendered image and pull policy, the
 * effective policy, and where every character of both came from: a values key (with the
 * file and range that win for this rendering) or literal template text (file + range).
 * Uses the same locator as plain manifests on the rendered documents.
 */
import { analyzeDocument } from '../documentAnalysis';
import type { DeployedContainer, ImageOccurrence, Range } from '../model';
import type { PolicyContext } from '../policy/effectivePullPolicy';
import { splitDocuments } from '../yaml/documentChunks';
import { LineIndex } from '../yaml/lineIndex';
import type { ChartRendering, RenderedTemplate } from './render';
import type { Span } from './template';
import type { ValueOrigin } from './values/provenance';
import type { ValuePath } from './values/valueTypes';

/** Where a run of characters of a rendered string came from; offsets are into that string. */
export type ProvenancePart = { start: number; end: number } & (
  | { kind: 'value'; chartPath: ValuePath; origin: ValueOrigin | null }
  | { kind: 'literal'; file: string; range: Range }
  | { kind: 'computed'; reason: string }
);

/** A rendered container: `image` and `pullPolicy` are what the chart renders. */
export interface HelmContainer extends DeployedContainer {
  /** Helm's template name and the template file relative to the root chart. */
  template: string;
  file: string;
  /** Root-relative folder of the chart that owns the template ('' for the root chart). */
  chartLocation: string;
  documentIndex: number;
  imageProvenance: ProvenancePart[];
  policyProvenance: ProvenancePart[];
  /** Offsets of the image / policy value in the template's rendered output. */
  imageOffset: [number, number];
  policyOffset: [number, number] | null;
}

/** A container (or a whole template) whose image cannot be known, and why. */
export interface UnknownImage {
  template: string;
  file: string;
  chartLocation: string;
  reason: string;
}

export interface ChartContainers {
  containers: HelmContainer[];
  unknown: UnknownImage[];
}

export function chartContainers(rendering: ChartRendering, context: PolicyContext): ChartContainers {
  const containers: HelmContainer[] = [];
  const unknown: UnknownImage[] = [];
  const literals = new LiteralLocator(rendering);
  for (const rendered of rendering.templates) {
    const chunks = splitDocuments(rendered.output);
    // After an error only the documents that were complete before it are trustworthy.
    const usable = rendered.error ? chunks.slice(0, Math.max(0, chunks.length - 1)) : chunks;
    if (rendered.error) {
      unknown.push({ template: rendered.template, file: rendered.file, chartLocation: rendered.chart.chart.location, reason: errorReason(rendered, rendering) });
    }
    usable.forEach((chunk, documentIndex) => {
      // Rendered output is plain YAML: no template actions left.
      const { images } = analyzeDocument(chunk.text, documentIndex, { ...context, chartTemplate: false });
      if (images.length === 0) {
        return;
      }
      const lines = new LineIndex(chunk.text);
      const offsetOf = (position: { line: number; character: number }): number => chunk.offset + lines.lineStart(position.line) + position.character;
      for (const occurrence of images) {
        containers.push(toContainer(occurrence, rendered, rendering, documentIndex, offsetOf, literals));
      }
    });
  }
  return { containers, unknown };
}

function toContainer(
  occurrence: ImageOccurrence,
  rendered: RenderedTemplate,
  rendering: ChartRendering,
  documentIndex: number,
  offsetOf: (position: { line: number; character: number }) => number,
  literals: LiteralLocator,
): HelmContainer {
  const imageOffset: [number, number] = [offsetOf(occurrence.range.start), offsetOf(occurrence.range.end)];
  const policyOffset: [number, number] | null = occurrence.policyValueRange
    ? [offsetOf(occurrence.policyValueRange.start), offsetOf(occurrence.policyValueRange.end)]
    : null;
  const partsFor = (range: [number, number] | null): ProvenancePart[] => (range ? provenanceOf(range, rendered, rendering, literals) : []);
  return {
    template: rendered.template,
    file: rendered.file,
    chartLocation: rendered.chart.chart.location,
    documentIndex,
    resource: occurrence.resource,
    container: occurrence.container,
    containerPath: occurrence.containerPath,
    image: occurrence.image,
    reference: occurrence.reference,
    pullPolicy: occurrence.pullPolicy,
    imageProvenance: partsFor(imageOffset),
    policyProvenance: partsFor(policyOffset),
    imageOffset,
    policyOffset,
  };
}

function provenanceOf([start, end]: [number, number], rendered: RenderedTemplate, rendering: ChartRendering, literals: LiteralLocator): ProvenancePart[] {
  const spans = rendered.spans;
  const parts: ProvenancePart[] = [];
  const scoped = rendering.scopedValues.get(rendered.chart.fullPath) ?? {};
  // Spans are sorted and cover the output: find the first one that ends after `start`.
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((spans[mid] as Span).end <= start) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  for (let i = low; i < spans.length && (spans[i] as Span).start < end; i++) {
    const span = spans[i] as Span;
    const from = Math.max(span.start, start);
    const to = Math.min(span.end, end);
    const at = { start: from - start, end: to - start };
    const origin = span.origin;
    if (origin.kind === 'value') {
      parts.push({ ...at, kind: 'value', chartPath: origin.path, origin: rendering.provenance.originOf(rendered.chart, origin.path, leafAt(scoped, origin.path)) });
    } else if (origin.kind === 'literal') {
      const offset = origin.offset + (from - span.start);
      parts.push({ ...at, kind: 'literal', ...literals.locate(origin.template, offset, to - from) });
    } else {
      parts.push({ ...at, kind: 'computed', reason: origin.reason });
    }
  }
  return parts;
}

/** Template offsets → file and line/character range, one line index per template file. */
class LiteralLocator {
  private readonly lines = new Map<string, LineIndex>();

  constructor(private readonly rendering: ChartRendering) {}

  locate(template: string, offset: number, length: number): { file: string; range: Range } {
    const source = this.rendering.sources.get(template);
    if (!source) {
      return { file: template, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    }
    let lines = this.lines.get(template);
    if (!lines) {
      lines = new LineIndex(source.text);
      this.lines.set(template, lines);
    }
    return { file: source.file, range: { start: lines.positionAt(offset), end: lines.positionAt(offset + length) } };
  }
}

function leafAt(values: unknown, path: ValuePath): unknown {
  let current = values;
  for (const part of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function errorReason(rendered: RenderedTemplate, rendering: ChartRendering): string {
  const message = rendered.error?.message ?? 'the template failed';
  if (rendering.missing.length > 0 && rendered.undefinedIncludes.length > 0) {
    const names = [...new Set(rendering.missing.map((m) => m.dependency.name))].join(', ');
    return `uses ${rendered.undefinedIncludes.map((n) => `"${n}"`).join(', ')}, which no loaded chart defines; missing from charts/: ${names} (run \`helm dependency build\`)`;
  }
  return message;
}
