import type { Document, Pair, YAMLMap } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { PodContext, ResourceInfo } from '../model';
import type { ObjectImageField } from './containerFields';
import { POD_CONTAINER_LISTS, containerFieldsFor, objectImageFieldsFor } from './containerFields';
import { podContextOf } from './podContext';
import { resolveAlias } from './resolveAlias';

/** A container found in one parsed YAML document; offsets are into the parsed text. */
export interface ContainerSite {
  resource: ResourceInfo;
  /** Where the resource's identity is written, to show template text instead of masked filler. */
  resourceRanges: ResourceRanges;
  container: string | null;
  /** Where the container's name is written. */
  containerRange: [number, number] | null;
  containerPath: string;
  image: ScalarSite;
  policy: { key: [number, number]; value: ScalarSite | null } | null;
  /** Start offset of the `image` key and whether its map is in flow style, for inserting a policy. */
  imageKeyStart: number;
  flow: boolean;
  pod: PodContext | null;
}

export interface ScalarSite {
  /** The value as the API server would receive it (null for YAML null, string form otherwise). */
  value: string | null;
  /** Whether the YAML value is a string (numbers and booleans are not accepted for string fields). */
  isString: boolean;
  /** [start, end) of the scalar's content (inside quotes; a block scalar's text without its header and final line breaks). */
  range: [number, number];
  /** End of the whole value as written at the key, closing quote included (the alias itself for an alias). */
  valueEnd: number;
  /** Whether the value came through an alias (see `scalarSite` for where its range is). */
  viaAlias: boolean;
}

export interface ResourceRanges {
  apiVersion: [number, number] | null;
  kind: [number, number] | null;
  name: [number, number] | null;
  namespace: [number, number] | null;
}

type LocatedResource = ResourceInfo & { ranges: ResourceRanges };

interface WalkFrame {
  node: unknown;
  path: string;
  resource: LocatedResource | null;
}

/**
 * Walks one document and returns every container with an `image`. Iterative
 * (no recursion), so deeply nested input cannot overflow the stack.
 */
export function locateContainers(doc: Document, text: string): ContainerSite[] {
  const sites: ContainerSite[] = [];
  const root = doc.contents;
  if (!isMap(root)) {
    return sites;
  }
  if (resourceOf(root, doc, text) === null) {
    // Not a Kubernetes object (CI workflow, compose file, Helm values…): no findings.
    return sites;
  }
  const stack: WalkFrame[] = [{ node: root, path: '', resource: null }];
  while (stack.length > 0) {
    const frame = stack.pop() as WalkFrame;
    const node = frame.node;
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        stack.push({ node: node.items[i], path: `${frame.path}[${i}]`, resource: frame.resource });
      }
      continue;
    }
    if (!isMap(node)) {
      continue;
    }
    const ownResource = resourceOf(node, doc, text);
    const resource = ownResource ?? frame.resource;
    if (ownResource) {
      for (const field of objectImageFieldsFor(ownResource.apiVersion, ownResource.kind)) {
        const site = operatorImageSite(node, field, frame.path, ownResource, doc, text);
        if (site) {
          sites.push(site);
        }
      }
    }
    const fields = containerFieldsFor(resource?.apiVersion ?? null);
    // The map holding a pod-spec container list is the pod spec; read it once for all its lists.
    let podOfMap: PodContext | undefined;
    const children: WalkFrame[] = [];
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key === null) {
        continue;
      }
      const path = frame.path === '' ? key : `${frame.path}.${key}`;
      const value = resolveAlias(pair.value, doc);
      if ((POD_CONTAINER_LISTS.has(key) || fields.lists.has(key)) && isSeq(value)) {
        const pod = POD_CONTAINER_LISTS.has(key) ? (podOfMap ??= podContextOf(node, doc)) : null;
        value.items.forEach((item, index) => {
          const site = containerSite(resolveAlias(item, doc), `${path}[${index}]`, resource, doc, text, pod);
          if (site) {
            sites.push(site);
          } else {
            children.push({ node: item, path: `${path}[${index}]`, resource });
          }
        });
        continue;
      }
      if (fields.singles.has(key) && isMap(value)) {
        const site = containerSite(value, path, resource, doc, text, null);
        if (site) {
          sites.push(site);
          continue;
        }
      }
      if (!isAlias(pair.value)) {
        children.push({ node: pair.value, path, resource });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i] as WalkFrame);
    }
  }
  return sites;
}

/** An operator's image field of a custom resource (see OBJECT_IMAGE_FIELDS), read like a container. */
function operatorImageSite(object: YAMLMap, field: ObjectImageField, objectPath: string, resource: LocatedResource, doc: Document, text: string): ContainerSite | null {
  let map: unknown = object;
  for (const key of field.path) {
    map = isMap(map) ? resolveAlias(findPair(map, key, doc)?.value, doc) : undefined;
  }
  if (!isMap(map)) {
    return null;
  }
  const path = [objectPath, ...field.path].filter((part) => part !== '').join('.');
  return containerSite(map, path, resource, doc, text, field.podFields ? podContextOf(map, doc) : null, field.imageKey);
}

function containerSite(
  node: unknown,
  path: string,
  located: LocatedResource | null,
  doc: Document,
  text: string,
  pod: PodContext | null,
  imageKey = 'image',
): ContainerSite | null {
  if (!isMap(node) || located === null) {
    return null;
  }
  const { ranges: resourceRanges, ...resource } = located;
  const imagePair = findPair(node, imageKey, doc);
  if (!imagePair) {
    return null;
  }
  const image = scalarSite(imagePair.value, doc, text, imagePair, 'anchor');
  if (!image) {
    return null;
  }
  const policyPair = findPair(node, 'imagePullPolicy', doc);
  const policyKey = policyPair && isScalar(policyPair.key) ? policyPair.key.range : null;
  const imageKeyStart = isScalar(imagePair.key) && imagePair.key.range ? imagePair.key.range[0] : image.range[0];
  const nameNode = findPair(node, 'name', doc)?.value;
  return {
    resource,
    resourceRanges,
    container: stringValue(nameNode, doc),
    containerRange: scalarRange(nameNode, doc, text),
    containerPath: path,
    image,
    policy: policyPair && policyKey ? { key: [policyKey[0], policyKey[1]], value: scalarSite(policyPair.value, doc, text, policyPair, 'alias') } : null,
    imageKeyStart,
    flow: node.flow === true,
    pod,
  };
}

/** The pair for `key`, looking through `<<` merge keys as YAML 1.1 merges do. */
function findPair(map: YAMLMap, key: string, doc: Document, depth = 0): Pair | null {
  let merged: Pair | null = null;
  for (const pair of map.items) {
    const name = keyText(pair);
    if (name === key) {
      return pair;
    }
    if (name === '<<' && merged === null && depth < 8) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const target = resolveAlias(source, doc);
        const found = isMap(target) ? findPair(target, key, doc, depth + 1) : null;
        if (found) {
          merged = found;
          break;
        }
      }
    }
  }
  return merged;
}

/**
 * `aliasRange` says where an aliased value is located: at the anchored scalar
 * (images: pinning edits the shared value once) or at the alias itself
 * (policies: a fix replaces just this container's value).
 */
function scalarSite(value: unknown, doc: Document, text: string, pair: Pair, aliasRange: 'anchor' | 'alias'): ScalarSite | null {
  const viaAlias = isAlias(value);
  const target = resolveAlias(value, doc);
  if (target === null || target === undefined) {
    // `image:` with nothing after it: an empty value, located right after the key.
    const keyEnd = isScalar(pair.key) && pair.key.range ? pair.key.range[1] : 0;
    const colon = text.indexOf(':', keyEnd);
    const at = colon === -1 ? keyEnd : colon + 1;
    return { value: null, isString: false, range: [at, at], valueEnd: at, viaAlias: false };
  }
  if (!isScalar(target) || !target.range) {
    return null;
  }
  const own = viaAlias && isAlias(value) && value.range ? value.range : target.range;
  const raw = target.value;
  return {
    value: raw === null ? null : typeof raw === 'string' ? raw : sourceText(target.range, text),
    isString: typeof raw === 'string',
    range: viaAlias && aliasRange === 'alias' ? [own[0], own[1]] : contentRange(target.range, text, target.type),
    valueEnd: own[1],
    viaAlias,
  };
}

function contentRange(range: [number, number, number], text: string, type: string | undefined): [number, number] {
  const [start, end] = range;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    // An unterminated quote has no closing character to leave out.
    const closed = end - start >= 2 && text[end - 1] === text[start];
    return [start + 1, closed ? end - 1 : end];
  }
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    return blockContentRange(start, end, text);
  }
  // Plain scalars: trim trailing blanks that the range may include.
  let trimmedEnd = end;
  while (trimmedEnd > start && /\s/.test(text[trimmedEnd - 1] as string)) {
    trimmedEnd--;
  }
  return [start, trimmedEnd];
}

/**
 * A block scalar's range starts at its `|`/`>` header and ends after its last
 * line break; the value's text runs from the first content character to the
 * last one. For a one-line value (`image: >-` then `nginx:1.27`) that is
 * exactly the value, so it can be edited in place.
 */
function blockContentRange(start: number, end: number, text: string): [number, number] {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) {
    return [end, end];
  }
  let contentStart = headerEnd + 1;
  while (contentStart < end && /\s/.test(text[contentStart] as string)) {
    contentStart++;
  }
  let contentEnd = end;
  while (contentEnd > contentStart && /\s/.test(text[contentEnd - 1] as string)) {
    contentEnd--;
  }
  return [contentStart, contentEnd];
}

function sourceText(range: [number, number, number], text: string): string {
  return text.slice(range[0], range[1]).trim();
}

function keyText(pair: Pair): string | null {
  if (!isPair(pair) || !isScalar(pair.key)) {
    return null;
  }
  const key = pair.key.value;
  // With merge keys enabled, `<<` parses to a symbol; its source is still `<<`.
  return typeof key === 'string' ? key : typeof key === 'symbol' && pair.key.source === '<<' ? '<<' : null;
}

function stringValue(node: unknown, doc: Document): string | null {
  const target = resolveAlias(node, doc);
  return isScalar(target) && typeof target.value === 'string' ? target.value : null;
}

function scalarRange(node: unknown, doc: Document, text: string): [number, number] | null {
  const target = resolveAlias(node, doc);
  return isScalar(target) && target.range ? contentRange(target.range, text, target.type) : null;
}

/** The object's identity when the map is a Kubernetes object (has string apiVersion and kind). */
function resourceOf(map: YAMLMap, doc: Document, text: string): LocatedResource | null {
  const apiVersionNode = findPair(map, 'apiVersion', doc)?.value;
  const kindNode = findPair(map, 'kind', doc)?.value;
  const apiVersion = stringValue(apiVersionNode, doc);
  const kind = stringValue(kindNode, doc);
  if (apiVersion === null || kind === null) {
    return null;
  }
  const metadata = resolveAlias(findPair(map, 'metadata', doc)?.value, doc);
  const metaNode = (name: string): unknown => (isMap(metadata) ? findPair(metadata, name, doc)?.value : undefined);
  return {
    apiVersion,
    kind,
    name: stringValue(metaNode('name'), doc),
    namespace: stringValue(metaNode('namespace'), doc),
    ranges: {
      apiVersion: scalarRange(apiVersionNode, doc, text),
      kind: scalarRange(kindNode, doc, text),
      name: scalarRange(metaNode('name'), doc, text),
      namespace: scalarRange(metaNode('namespace'), doc, text),
    },
  };
}
