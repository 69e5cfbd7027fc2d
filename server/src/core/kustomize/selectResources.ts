import type { PatchSelector } from './kustomizationFile';
import type { PlainObject } from './plainYaml';
import { isPlainObject } from './plainYaml';
import type { Resource, ResourceId } from './resource';
import { currentId, metadataOf, originalId, sameNamespace } from './resource';

/**
 * kustomize's `Select` (api/resmap/reswrangler.go): every field of the selector is
 * an anchored regular expression; name and namespace match the original or the
 * current identity; label and annotation selectors use the Kubernetes syntax.
 */
export function selectResources(resources: readonly Resource[], selector: PatchSelector): Resource[] | { error: string } {
  const matchers: Record<'group' | 'version' | 'kind' | 'name' | 'namespace', RegExp | null> = { group: null, version: null, kind: null, name: null, namespace: null };
  for (const field of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
    const value = selector[field];
    if (value) {
      try {
        matchers[field] = new RegExp(`^(?:${value})$`);
      } catch {
        return { error: `invalid regular expression in target ${field}: ${value}` };
      }
    }
  }
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector) : [];
  const annotations = selector.annotationSelector ? parseLabelSelector(selector.annotationSelector) : [];
  if (labels === null || annotations === null) {
    return { error: 'unsupported label or annotation selector' };
  }
  const test = (matcher: RegExp | null, value: string) => matcher === null || matcher.test(value);
  return resources.filter((resource) => {
    const current = currentId(resource.object);
    const original = originalId(resource);
    const effective = (id: ResourceId) => (id.namespace === '' ? 'default' : id.namespace);
    return (
      (test(matchers.namespace, effective(original)) || test(matchers.namespace, effective(current))) &&
      (test(matchers.name, original.name) || test(matchers.name, current.name)) &&
      test(matchers.group, current.group) &&
      test(matchers.version, current.version) &&
      test(matchers.kind, current.kind) &&
      matchesRequirements(mapField(resource.object, 'labels'), labels) &&
      matchesRequirements(mapField(resource.object, 'annotations'), annotations)
    );
  });
}

/** The resources a strategic merge patch without a target names (kustomize's `GetById(patch.OrgId())`). */
export function resourcesWithId(resources: readonly Resource[], id: ResourceId): Resource[] {
  const same = (other: ResourceId) =>
    other.kind === id.kind && other.group === id.group && other.version === id.version && other.name === id.name && sameNamespace(other.namespace, id.namespace);
  return resources.filter((resource) => same(currentId(resource.object)) || resource.previousIds.some(same));
}

type Requirement = { key: string; operator: 'in' | 'notin' | 'exists' | 'absent'; values: string[] };

/** `a=b,c!=d,e in (x,y),f notin (z),g,!h`; null when the text is not such a selector. */
function parseLabelSelector(text: string): Requirement[] | null {
  const requirements: Requirement[] = [];
  const parts = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') {
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      requirements.push({ key: match[1] as string, operator: match[2] === '!=' ? 'notin' : 'in', values: [match[3] as string] });
    } else if ((match = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      requirements.push({ key: match[1] as string, operator: match[2] as 'in' | 'notin', values: (match[3] as string).split(',').map((value) => value.trim()) });
    } else if ((match = /^!(\S+)$/.exec(part))) {
      requirements.push({ key: match[1] as string, operator: 'absent', values: [] });
    } else if (/^\S+$/.test(part)) {
      requirements.push({ key: part, operator: 'exists', values: [] });
    } else {
      return null;
    }
  }
  return requirements;
}

function matchesRequirements(values: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every(({ key, operator, values: wanted }) => {
    const has = Object.prototype.hasOwnProperty.call(values, key);
    switch (operator) {
      case 'in':
        return has && wanted.includes(values[key] as string);
      case 'notin':
        return !has || !wanted.includes(values[key] as string);
      case 'exists':
        return has;
      case 'absent':
        return !has;
    }
  });
}

function mapField(object: PlainObject, field: 'labels' | 'annotations'): Record<string, string> {
  const map = metadataOf(object)?.[field];
  const result: Record<string, string> = {};
  if (isPlainObject(map)) {
    for (const [key, value] of Object.entries(map)) {
      result[key] = value === null ? '' : String(value);
    }
  }
  return result;
}
