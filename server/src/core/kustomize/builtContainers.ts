import { POD_CONTAINER_LISTS, containerFieldsFor } from '../locate/containerFields';
import type { Plain, PlainObject } from './plainYaml';
import { isPlainObject } from './plainYaml';

/** A container of a built object and its path, e.g. `spec.template.spec.containers[0]`. */
export interface ContainerAt {
  container: PlainObject;
  path: string;
}

/**
 * The containers of one built object, found like the manifest locator finds them
 * (pod-spec lists everywhere, CRD-specific keys in their API groups), in document order.
 */
export function containersOf(object: PlainObject): ContainerAt[] {
  const fields = containerFieldsFor(typeof object.apiVersion === 'string' ? object.apiVersion : null);
  const found: ContainerAt[] = [];
  const stack: Array<{ node: Plain; path: string }> = [{ node: object, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: Plain; path: string };
    const children: Array<{ node: Plain; path: string }> = [];
    if (Array.isArray(node)) {
      node.forEach((item, index) => children.push({ node: item, path: `${path}[${index}]` }));
    } else if (isPlainObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if ((POD_CONTAINER_LISTS.has(key) || fields.lists.has(key)) && Array.isArray(value)) {
          value.forEach((item, index) => {
            if (isPlainObject(item) && 'image' in item) {
              found.push({ container: item, path: `${childPath}[${index}]` });
            } else {
              children.push({ node: item, path: `${childPath}[${index}]` });
            }
          });
          continue;
        }
        if (fields.singles.has(key) && isPlainObject(value) && 'image' in value) {
          found.push({ container: value, path: childPath });
          continue;
        }
        children.push({ node: value, path: childPath });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i] as { node: Plain; path: string });
    }
  }
  return found;
}
