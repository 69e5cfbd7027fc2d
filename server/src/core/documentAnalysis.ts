import { parseDocument } from 'yaml';
import type { ImageOccurrence, PolicyInsertion, ReferenceInfo, PullPolicyInfo, Unresolved } from './model';
import { HELM_TEMPLATED, placeholderOf } from './placeholders';
import type { Directives } from './directives';
import { scanDirectives } from './directives';
import type { ContainerSite, ScalarSite } from './locate/containerLocator';
import { locateContainers } from './locate/containerLocator';
import type { PolicyContext, WrittenPolicy } from './policy/effectivePullPolicy';
import { effectivePullPolicy } from './policy/effectivePullPolicy';
import { parseImageReference } from './reference/parseReference';
import { hasTemplateActions, maskTemplateActions, overlapsSpan } from './yaml/helmTemplateMask';
import { LineIndex } from './yaml/lineIndex';

/** The settings-independent result for one YAML document; lines are relative to the document's first line. */
export interface DocumentAnalysis {
  images: ImageOccurrence[];
  directives: Directives;
}

/** How a document is read. */
export interface DocumentOptions extends PolicyContext {
  /** The file is a template of a Helm chart: `{{ … }}` are Helm actions. */
  chartTemplate: boolean;
}

const PARSE_OPTIONS = { strict: false, prettyErrors: false, uniqueKeys: false, merge: true } as const;

/**
 * Analyses one YAML document (one `---` chunk of a file). Never throws: text the
 * YAML parser cannot make sense of simply yields fewer images.
 */
export function analyzeDocument(text: string, documentIndex: number, options: DocumentOptions): DocumentAnalysis {
  const directives = scanDirectives(text, 0);
  if (!/\bimage\b/.test(text)) {
    return { images: [], directives };
  }
  // `{{ … }}` are masked so the YAML parses; whose placeholders they are is decided per value.
  const masked = hasTemplateActions(text) ? maskTemplateActions(text) : null;
  let sites: ContainerSite[];
  try {
    const source = masked ? masked.text : text;
    sites = locateContainers(parseDocument(source, PARSE_OPTIONS), source);
  } catch {
    return { images: [], directives };
  }
  const lines = new LineIndex(masked ? masked.text : text);
  const spans = masked?.spans ?? null;
  const isTemplated = (range: [number, number]): boolean => spans !== null && overlapsSpan(spans, range[0], Math.max(range[1], range[0] + 1));
  const images = sites.map((site) => toOccurrence(site, text, lines, documentIndex, options, isTemplated));
  return { images, directives };
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
  const resource = imageTemplated || policyTemplated ? unmaskedResource(site, text, isTemplated) : site.resource;
  const imageUnresolved = options.chartTemplate && imageTemplated ? HELM_TEMPLATED : placeholderOf(imageText, resource);
  const unresolved = imageUnresolved ?? (options.chartTemplate && policyTemplated ? HELM_TEMPLATED : null);
  const reference = imageUnresolved ? unknownReference(imageUnresolved) : referenceOf(site.image);
  const range = rangeOf(lines, text, site.image.range);
  return {
    file: null,
    range,
    image: imageText,
    resource,
    container: site.container,
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

/** Resource name and namespace as written (template text), not the masking filler. */
function unmaskedResource(site: ContainerSite, text: string, isTemplated: (range: [number, number]) => boolean): ContainerSite['resource'] {
  const original = (value: string | null, range: [number, number] | null): string | null =>
    range && isTemplated(range) ? text.slice(range[0], range[1]) : value;
  return {
    ...site.resource,
    name: original(site.resource.name, site.resourceRanges.name),
    namespace: original(site.resource.namespace, site.resourceRanges.namespace),
  };
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
