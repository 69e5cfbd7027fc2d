import type { ReferenceInfo } from '../model';
import { familiarString, parseNormalizedNamed } from './normalize';
import { referenceString } from './reference';

/**
 * Parses already seen, by image text: a repository names the same few images
 * thousands of times. Bounded, so a stream of distinct images cannot grow it
 * without end; results are frozen because occurrences share them.
 */
const parsed = new Map<string, Readonly<ReferenceInfo>>();
const MAX_PARSED = 4096;

/** What `ParseNormalizedNamed(image)` of distribution/reference makes of an image as written. */
export function parseImageReference(image: string): ReferenceInfo {
  let info = parsed.get(image);
  if (info === undefined) {
    if (parsed.size >= MAX_PARSED) {
      parsed.clear();
    }
    info = Object.freeze(parseUncached(image));
    parsed.set(image, info);
  }
  return info;
}

function parseUncached(image: string): ReferenceInfo {
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
