import { applyJsonPatch, readOperations } from './jsonPatch';
import type { PatchEntry } from './kustomizationFile';
import type { Plain, PlainObject } from './plainYaml';
import { clonePlain, isPlainObject, parsePlainDocuments, placeOfField } from './plainYaml';
import type { KustomizeProblemCode } from './problems';
import type { Resource } from './resource';
import { currentId, traceOf } from './resource';
import { resourcesWithId, selectResources } from './selectResources';
import type { TextOrigin } from './sourceText';
import { strategicMerge } from './strategicMerge';

export interface PatchFailure {
  code: KustomizeProblemCode;
  message: string;
}

const TRACED_FIELDS = ['image', 'imagePullPolicy'] as const;

/**
 * Applies one patch entry to the resources in place, as kustomize's
 * PatchTransformer, PatchStrategicMergeTransformer and PatchJson6902Transformer
 * do, recording on each container which patch set its image or pull policy.
 */
export function applyPatch(resources: Resource[], patch: PatchEntry, source: { text: string; origin: TextOrigin }, kustomizationFile: string): PatchFailure | null {
  const documents = parsePlainDocuments(source.text, source.origin);
  const invalid = documents.find((document) => document.error !== null);
  if (invalid) {
    return { code: 'patch-failed', message: `invalid patch: ${invalid.error ?? ''}` };
  }
  const values = documents.map((document) => document.value).filter((value) => value !== null);
  const operations = values.length === 1 ? readOperations(values[0] as Plain) : null;
  const record = recorder(patch, kustomizationFile);
  if (patch.field === 'patchesJson6902' || operations !== null) {
    if (operations === null) {
      return { code: 'patch-failed', message: 'not a JSON6902 patch (a list of operations)' };
    }
    if (!patch.target) {
      return { code: 'patch-failed', message: 'a JSON6902 patch needs a `target`' };
    }
    const selected = selectResources(resources, patch.target);
    if ('error' in selected) {
      return { code: 'patch-failed', message: selected.error };
    }
    for (const resource of selected) {
      const result = applyJsonPatch(resource.object, operations, (parent, key, operation) => {
        if (isPlainObject(parent) && (key === 'image' || key === 'imagePullPolicy')) {
          record(parent, key, placeOfField(operation.source, 'value'), parent[key]);
        }
      });
      if (!result.ok) {
        return { code: 'patch-failed', message: `JSON6902 patch failed on ${currentId(resource.object).kind} ${currentId(resource.object).name}: ${result.error}` };
      }
    }
    return null;
  }
  const patches = values.filter(isPlainObject);
  if (patches.length !== values.length || patches.length === 0) {
    return { code: 'patch-failed', message: 'the patch is neither a strategic merge patch nor a JSON6902 patch' };
  }
  if (patch.target && patch.field === 'patches') {
    if (patches.length > 1) {
      return { code: 'patch-failed', message: 'several strategic merge patches in one entry cannot use `target`' };
    }
    const selected = selectResources(resources, patch.target);
    if ('error' in selected) {
      return { code: 'patch-failed', message: selected.error };
    }
    for (const resource of selected) {
      mergeInto(resources, resource, patches[0] as PlainObject, record);
    }
    return null;
  }
  for (const document of patches) {
    const id = currentId(document);
    const targets = resourcesWithId(resources, id);
    if (targets.length !== 1) {
      const what = `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
      return { code: 'patch-no-target', message: targets.length === 0 ? `no resource matches the patch for ${what}` : `several resources match the patch for ${what}` };
    }
    mergeInto(resources, targets[0] as Resource, document, record);
  }
  return null;
}

type Recorder = (container: PlainObject, field: 'image' | 'imagePullPolicy', place: ReturnType<typeof placeOfField>, before: Plain | undefined) => void;

function recorder(patch: PatchEntry, kustomizationFile: string): Recorder {
  return (container, field, place, before) => {
    const trace = traceOf(container);
    const after = container[field];
    if (field === 'imagePullPolicy' && place) {
      trace.policyPlace = place;
    }
    trace.changes.push({
      kind: 'patch',
      field,
      place: place ?? { file: kustomizationFile, range: patch.range },
      kustomizationFile,
      patchRange: patch.range,
      before: typeof before === 'string' ? before : null,
      after: typeof after === 'string' ? after : null,
    });
  };
}

/** Strategic merge keeping the target's kind, name and namespace (kustomize's `ApplySmPatch`). */
function mergeInto(resources: Resource[], resource: Resource, patch: PlainObject, record: Recorder): void {
  const id = currentId(resource.object);
  const pending: Array<{ container: PlainObject; field: 'image' | 'imagePullPolicy'; place: ReturnType<typeof placeOfField>; before: Plain | undefined }> = [];
  const merged = strategicMerge(resource.object, clonePlain(patch), (target, patchObject) => {
    for (const field of TRACED_FIELDS) {
      if (field in patchObject && patchObject[field] !== null) {
        pending.push({ container: target, field, place: placeOfField(patchObject, field), before: target[field] });
      }
    }
  });
  if (merged === null) {
    resources.splice(resources.indexOf(resource), 1);
    return;
  }
  resource.object = merged;
  for (const change of pending) {
    record(change.container, change.field, change.place, change.before);
  }
  const metadata = isPlainObject(merged.metadata) ? merged.metadata : (merged.metadata = {});
  merged.kind = id.kind;
  metadata.name = id.name;
  if (id.namespace === '') {
    delete metadata.namespace;
  } else {
    metadata.namespace = id.namespace;
  }
}
