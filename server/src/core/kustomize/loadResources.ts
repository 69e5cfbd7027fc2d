import type { Plain } from './plainYaml';
import { isPlainObject, parsePlainDocuments } from './plainYaml';
import type { Resource } from './resource';
import type { TextOrigin } from './sourceText';

export interface LoadedResources {
  resources: Resource[];
  /** Why a document was skipped (invalid YAML, not an object). */
  errors: string[];
}

/**
 * The Kubernetes objects of a YAML stream, as kustomize reads a resource file:
 * empty documents are skipped and `kind: *List` objects contribute their items.
 */
export function loadResources(text: string, origin: TextOrigin): LoadedResources {
  const resources: Resource[] = [];
  const errors: string[] = [];
  parsePlainDocuments(text, origin).forEach((document, documentIndex) => {
    if (document.error !== null) {
      errors.push(`document ${documentIndex + 1}: ${document.error}`);
      return;
    }
    for (const object of objectsOf(document.value)) {
      if (!isPlainObject(object)) {
        errors.push(`document ${documentIndex + 1} is not a Kubernetes object`);
        continue;
      }
      resources.push({ object, origin: { file: origin.file, documentIndex }, previousIds: [] });
    }
  });
  return { resources, errors };
}

function objectsOf(value: Plain): Plain[] {
  if (value === null) {
    return [];
  }
  if (isPlainObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items;
  }
  return [value];
}
