import type { ImageEntry } from './kustomizationFile';
import { rewriteImage } from './imageTag';
import type { ImageTagRule } from './imageTag';
import type { Plain, PlainObject } from './plainYaml';
import { isPlainObject } from './plainYaml';
import type { Resource } from './resource';
import { metadataOf, originalId, storePreviousId, traceOf } from './resource';

/** Built-in kinds without a namespace; kustomize's openapi data says so, and treats unknown kinds as namespaced. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** Kinds whose names kustomize never prefixes or suffixes (plugin/builtin/prefixtransformer). */
const UNRENAMED_KINDS: ReadonlySet<string> = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

function ensureMetadata(object: PlainObject): PlainObject {
  const existing = metadataOf(object);
  if (existing) {
    return existing;
  }
  const created: PlainObject = {};
  object.metadata = created;
  return created;
}

/** `namespace:`: namespaced objects move into it; a Namespace object is renamed to it. */
export function applyNamespace(resources: readonly Resource[], namespace: string): void {
  for (const resource of resources) {
    const kind = typeof resource.object.kind === 'string' ? resource.object.kind : '';
    storePreviousId(resource);
    const metadata = ensureMetadata(resource.object);
    if (kind === 'Namespace') {
      metadata.name = namespace;
    } else if (!CLUSTER_SCOPED_KINDS.has(kind)) {
      metadata.namespace = namespace;
    }
  }
}

/** `namePrefix:` / `nameSuffix:` on `metadata.name`. */
export function applyNameAffixes(resources: readonly Resource[], prefix: string, suffix: string): void {
  for (const resource of resources) {
    if (UNRENAMED_KINDS.has(originalId(resource).kind)) {
      continue;
    }
    const metadata = ensureMetadata(resource.object);
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (prefix !== '') {
      storePreviousId(resource);
      metadata.name = `${prefix}${name}`;
    }
    if (suffix !== '') {
      storePreviousId(resource);
      metadata.name = `${metadata.name as string}${suffix}`;
    }
  }
}

/** The rule kustomize runs for an `images:` entry; a missing field is empty. */
export function ruleOf(entry: ImageEntry): ImageTagRule {
  return {
    name: entry.name?.value ?? '',
    newName: entry.newName?.value ?? '',
    newTag: entry.newTag?.value ?? '',
    digest: entry.digest?.value ?? '',
    tagSuffix: entry.tagSuffix?.value ?? '',
  };
}

/** Container lists the legacy image filter visits at any depth. */
const LEGACY_CONTAINER_LISTS = ['containers', 'initContainers'];
/** Pod specs of the default `images` field specs (builtinpluginconsts/images.go); kustomize rewrites these a second time. */
const FIELD_SPEC_POD_SPECS = [['spec'], ['spec', 'template', 'spec']];

/**
 * One `images:` entry, as kustomize's ImageTagTransformer runs it: first the legacy
 * filter (every `containers`/`initContainers` list anywhere), then the default
 * field specs (`spec[/template/spec]/{containers,initContainers}[]/image` again, and
 * image volumes' `reference`). CustomResourceDefinitions are skipped.
 */
export function applyImageEntry(resources: readonly Resource[], entry: ImageEntry, kustomizationFile: string): void {
  const rule = ruleOf(entry);
  const rewriteContainer = (container: PlainObject) => {
    const before = container.image;
    if (typeof before !== 'string') {
      return;
    }
    const after = rewriteImage(before, rule);
    if (after !== null && after !== before) {
      container.image = after;
      traceOf(container).changes.push({ kind: 'images', kustomizationFile, entry, before, after });
    }
  };
  for (const resource of resources) {
    if (resource.object.kind === 'CustomResourceDefinition') {
      continue;
    }
    forEachLegacyContainer(resource.object, rewriteContainer);
    for (const podSpecPath of FIELD_SPEC_POD_SPECS) {
      const podSpec = at(resource.object, podSpecPath);
      if (!isPlainObject(podSpec)) {
        continue;
      }
      for (const list of LEGACY_CONTAINER_LISTS) {
        const containers = podSpec[list];
        if (Array.isArray(containers)) {
          containers.filter(isPlainObject).forEach(rewriteContainer);
        }
      }
      const volumes = podSpec.volumes;
      if (Array.isArray(volumes)) {
        for (const volume of volumes) {
          const image = isPlainObject(volume) ? volume.image : null;
          if (isPlainObject(image) && typeof image.reference === 'string') {
            image.reference = rewriteImage(image.reference, rule) ?? image.reference;
          }
        }
      }
    }
  }
}

function at(object: PlainObject, path: string[]): Plain | undefined {
  let node: Plain | undefined = object;
  for (const key of path) {
    node = isPlainObject(node) ? node[key] : undefined;
  }
  return node;
}

/** Every element of a `containers`/`initContainers` list at any depth (iterative walk). */
function forEachLegacyContainer(root: PlainObject, visit: (container: PlainObject) => void): void {
  const stack: Plain[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Plain;
    if (Array.isArray(node)) {
      for (const item of node) {
        stack.push(item);
      }
      continue;
    }
    if (!isPlainObject(node)) {
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      stack.push(value);
      if (LEGACY_CONTAINER_LISTS.includes(key) && Array.isArray(value)) {
        value.filter(isPlainObject).forEach(visit);
      }
    }
  }
}
