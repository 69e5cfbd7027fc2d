import type { Document } from 'yaml';
import { isAlias } from 'yaml';

/** The node an alias points at (undefined for a dangling alias); any other node as it is. */
export function resolveAlias(node: unknown, doc: Document): unknown {
  if (isAlias(node)) {
    try {
      return node.resolve(doc);
    } catch {
      return undefined;
    }
  }
  return node;
}
