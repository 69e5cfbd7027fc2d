import type { ReferenceInfo } from '../model';

/** A registry question: this repository, at this tag or digest. Structurally the registry client's `ImageLocator`. */
export interface ImageLookup {
  domain: string;
  path: string;
  reference: string;
}

/**
 * What to look up for a reference: its tag (no tag and no digest means `latest`,
 * as the kubelet pulls it) and its pinned digest. Null when it cannot be looked up.
 */
export function lookupsOf(reference: ReferenceInfo): { tag: ImageLookup | null; pinned: ImageLookup | null } | null {
  const { valid, domain, path, tag, digest } = reference;
  if (!valid || domain === null || path === null) {
    return null;
  }
  return {
    tag: tag !== null || digest === null ? { domain, path, reference: tag ?? 'latest' } : null,
    pinned: digest !== null ? { domain, path, reference: digest } : null,
  };
}
