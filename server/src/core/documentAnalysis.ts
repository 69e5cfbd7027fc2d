import type { Document } from 'yaml';
import { isMap } from 'yaml';
import type { ImageOccurrence, PolicyInsertion, ReferenceInfo, PullPolicyInfo, Unresolved, UnreadableYaml } from './model';
import { HELM_TEMPLATED, placeholderOf } from './placeholders';
import type { Directives } from './directives';
import { scanDirectives } from './directives';
import type { ContainerSite, ScalarSite } from './locate/containerLocator';
import { locateContainers } from './locate/containerLocator';
import type { PolicyContext, WrittenPolicy } from './policy/effectivePullPolicy';
import { effectivePullPolicy } from './policy/effectivePullPolicy';
import { parseImageReference } from './reference/parseReference';
import { hasTemplateActions, maskTemplateActions, overlapsSpan } from './yaml/helmTemplateMask';
import { parseLeniently } from './yaml/lenientParse';
import { LineIndex } from './yaml/lineIndex';

/** The settings-independent result for one YAML document; lines are relative to the document's first line. */
export interface DocumentAnalysis {
  images: ImageOccurrence[];
  directives: Directives;
  /** Set when the parser could not read the whole document. */
  unreadable: UnreadableYaml | null;
}

/** How a document is read. */
export interface DocumentOptions extends PolicyContext {
  /** The file is a template of a Helm chart: `{{ … }}` are Helm actions. */
  chartTemplate: boolean;
}

/**
 * Analyses one YAML document (one `---` chunk of a file). Never throws: text the
 * YAML parser cannot make sense of simply yields fewer images.
 */
export function analyzeDocument(text: string, documentIndex: number, options: DocumentOptions): DocumentAnalysis {
  const directives = scanDirectives(text, 0);
  // `image`, or an operator's `imageName` (see locate/containerFields.ts).
  if (!/\bimage(?:Name)?\b/.test(text)) {
    return { images: [], directives, unreadable: null };
  }
  // `{{ … }}` are masked so the YAML parses; whose placeholders they are is decided per value.
  const masked = hasTemplateActions(text) ? maskTemplateActions(text) : null;
  const source = masked ? masked.text : text;
  // Positions come from the original text: a lenient parse may have joined lines of `source`.
  const lines = new LineIndex(text);
  let sites: ContainerSite[];
  let unreadable: UnreadableYaml | null = null;
  try {
    const { doc, error } = parseLeniently(source);
    sites = locateContainers(doc, source);
    // A masked text is not YAML the user wrote: its parse errors are the mask's, not worth a warning.
    // Nor is a chart template without actions (a formatter's `{ { … } }`): it is YAML only once Helm renders it.
    if (error && !masked && !options.chartTemplate) {
      unreadable = unreadableYaml(error.message, error.pos[0], text, lines, isKubernetesObject(doc));
    }
  } catch (error) {
    return { images: [], directives, unreadable: masked || options.chartTemplate ? null : unreadableYaml(String(error), 0, text, lines, false) };
  }
  const spans = masked?.spans ?? null;
  const isTemplated = (range: [number, number]): boolean => spans !== null && overlapsSpan(spans, range[0], Math.max(range[1], range[0] + 1));
  const images = sites.map((site) => toOccurrence(site, text, lines, documentIndex, options, isTemplated));
  return { images, directives, unreadable };
}

/**
 * A parse error at `offset`. It may hide containers (worth a diagnostic even
 * where a YAML extension already shows syntax errors) when the document is a
 * Kubernetes object and an `image` key follows the error.
 */
function unreadableYaml(message: string, offset: number, text: string, lines: LineIndex, kubernetesObject: boolean): UnreadableYaml {
  const position = lines.positionAt(offset);
  return {
    message: message.split('\n', 1)[0] ?? message,
    range: { start: position, end: position },
    mayHideContainers: kubernetesObject && /\bimage\b/.test(text.slice(offset)),
  };
}

function isKubernetesObject(doc: Document): boolean {
  return isMap(doc.contents) && typeof doc.get('apiVersion') === 'string' && typeof doc.get('kind') === 'string';
}

function toOccurrence(
  site: ContainerSite,
  text: string,
  lines: LineIndex,
  documentIndex: number,
  options: DocumentOptions,
  isTemplated: (range: [number, number]) => boolean,
): ImageOccurrence {
  const imageTemplated = isTemplated(site.image.range);
  const policyTemplated = site.policy?.value ? isTemplated(site.policy.value.range) : false;
  const imageText = imageTemplated ? text.slice(site.image.range[0], site.image.range[1]) : (site.image.value ?? '');
  const resource = unmaskedResource(site, text, isTemplated);
  const imageUnresolved = options.chartTemplate && imageTemplated ? HELM_TEMPLATED : placeholderOf(imageText, resource);
  const unresolved = imageUnresolved ?? (options.chartTemplate && policyTemplated ? HELM_TEMPLATED : null);
  const reference = imageUnresolved ? unknownReference(imageUnresolved) : referenceOf(site.image);
  const range = rangeOf(lines, text, site.image.range);
  return {
    file: null,
    range,
    image: imageText,
    resource,
    container: unmasked(site.container, site.containerRange, text, isTemplated),
    containerPath: site.containerPath,
    source: options.chartTemplate ? 'helm' : 'manifest',
    origin: { file: null, range },
    editTargets: imageUnresolved ? [] : [{ file: null, range, kind: 'image' }],
    environment: null,
    unresolved,
    reference,
    pullPolicy: policyTemplated
      ? templatedPolicy(text, site.policy?.value?.range ?? [0, 0])
      : pendingIfUnresolved(effectivePullPolicy(reference, writtenPolicy(site), options), imageUnresolved),
    policyKeyRange: site.policy ? rangeOf(lines, text, site.policy.key) : null,
    policyValueRange: site.policy?.value ? rangeOf(lines, text, site.policy.value.range) : null,
    policyInsertion: site.policy || imageUnresolved?.tool === 'helm' ? null : insertionFor(site, lines, text),
    documentIndex,
    pod: site.pod,
  };
}

/** The resource's identity as written (template text), never the masking filler. */
function unmaskedResource(site: ContainerSite, text: string, isTemplated: (range: [number, number]) => boolean): ContainerSite['resource'] {
  const { resource, resourceRanges: ranges } = site;
  return {
    apiVersion: unmasked(resource.apiVersion, ranges.apiVersion, text, isTemplated),
    kind: unmasked(resource.kind, ranges.kind, text, isTemplated),
    name: unmasked(resource.name, ranges.name, text, isTemplated),
    namespace: unmasked(resource.namespace, ranges.namespace, text, isTemplated),
  };
}

/** A value read from masked text: the template text when a template action wrote any of it. */
function unmasked(value: string | null, range: [number, number] | null, text: string, isTemplated: (range: [number, number]) => boolean): string | null {
  return range && isTemplated(range) ? text.slice(range[0], range[1]) : value;
}

function referenceOf(image: ScalarSite): ReferenceInfo {
  if (image.value === null || image.value === '') {
    return invalidReference('the image is empty; the API server rejects the object (Required value)');
  }
  if (!image.isString) {
    return invalidReference(`the image must be a string, not ${image.value}; quote it`);
  }
  return parseImageReference(image.value);
}

function invalidReference(error: string): ReferenceInfo {
  return { valid: false, error, domain: null, path: null, tag: null, digest: null, normalized: null, familiar: null };
}

/** A placeholder is not a reference yet: nothing about it is valid or invalid. */
function unknownReference(unresolved: Unresolved): ReferenceInfo {
  return invalidReference(unresolved.explanation);
}

/** A default computed from a placeholder would be a guess: it depends on the tag filled in later. */
function pendingIfUnresolved(policy: PullPolicyInfo, unresolved: Unresolved | null): PullPolicyInfo {
  if (!unresolved || policy.rule !== 'default-unparsable') {
    return policy;
  }
  return {
    ...policy,
    effective: null,
    rule: 'default-pending',
    explanation: 'the API server will default it from the image filled in later: Always for a "latest" tag or no tag, IfNotPresent otherwise.',
  };
}

function templatedPolicy(text: string, range: [number, number]): PullPolicyInfo {
  return {
    explicit: text.slice(range[0], range[1]),
    effective: null,
    defaulted: false,
    rule: 'templated',
    explanation: 'The pull policy is set by a Helm template; its value is known only after rendering.',
  };
}

function writtenPolicy(site: ContainerSite): WrittenPolicy {
  const value = site.policy?.value;
  if (!value || value.value === null) {
    return { kind: 'absent' };
  }
  return value.isString ? { kind: 'string', value: value.value } : { kind: 'non-string', source: value.value };
}

function rangeOf(lines: LineIndex, text: string, [start, end]: [number, number]) {
  return { start: lines.positionAt(outsideLineBreak(text, start)), end: lines.positionAt(outsideLineBreak(text, end)) };
}

/** Moves an offset that falls inside a `\r\n` pair to before it: editors treat the pair as one line break. */
function outsideLineBreak(text: string, offset: number): number {
  return offset > 0 && text.charCodeAt(offset - 1) === 0x0d && text.charCodeAt(offset) === 0x0a ? offset - 1 : offset;
}

/** A new `imagePullPolicy` goes right after the image, indented like the `image` key. */
function insertionFor(site: ContainerSite, lines: LineIndex, text: string): PolicyInsertion {
  // A block scalar's value ends after its line break; the insertion belongs on its last line.
  let valueEnd = site.image.valueEnd;
  while (valueEnd > site.image.range[0] && (text[valueEnd - 1] === '\n' || text[valueEnd - 1] === '\r')) {
    valueEnd--;
  }
  const end = lines.positionAt(valueEnd);
  if (site.flow) {
    return { position: end, prefix: ', ', suffix: '' };
  }
  const keyColumn = lines.positionAt(site.imageKeyStart).character;
  const lineEnd = lines.positionAt(lines.lineContentEnd(end.line));
  return { position: lineEnd, prefix: `${lines.lineBreakAfter(end.line)}${' '.repeat(keyColumn)}`, suffix: '' };
}
