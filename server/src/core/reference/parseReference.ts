import type { ReferenceInfo } from '../model';
import { familiarString, parseNormalizedNamed } from './normalize';
import { referenceString } from './reference';

/** What `ParseNormalizedNamed(image)` of distribution/reference makes of an image as written. */
export function parseImageReference(image: string): ReferenceInfo {
  const result = parseNormalizedNamed(image);
  if (!result.ok) {
    return { valid: false, error: result.error, domain: null, path: null, tag: null, digest: null, normalized: null, familiar: null };
  }
  const { reference } = result;
  return {
    valid: true,
    error: null,
    domain: reference.domain,
    path: reference.path,
    tag: reference.tag,
    digest: reference.digest,
    normalized: referenceString(reference),
    familiar: familiarString(reference),
  };
}
