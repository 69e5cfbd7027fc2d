import { validateDigest } from './digest';
import { isDigestFormat } from './grammar';
import { parseNormalizedNamed } from './normalize';

/** `ErrDigestInvalidFormat` of distribution/reference, returned by its `WithDigest`. */
const DIGEST_INVALID_FORMAT = 'invalid digest format';

/**
 * Pins `image` to `digest`, editing the text as the user wrote it so the
 * familiar form survives (`nginx:1.25` → `nginx:1.25@sha256:…`). An existing
 * digest is replaced; `digestOnly` also drops the tag. Unlike Go's
 * `WithDigest`, the digest must pass go-digest validation too, so the result
 * always parses.
 */
export function withDigest(image: string, digest: string, mode: 'keepTag' | 'digestOnly'): string {
  const result = parseNormalizedNamed(image);
  if (!result.ok) {
    throw new Error(result.error);
  }
  const digestError = isDigestFormat(digest) ? validateDigest(digest) : DIGEST_INVALID_FORMAT;
  if (digestError !== null) {
    throw new Error(digestError);
  }
  // The tag and digest are always literal suffixes of the image as written.
  const { tag, digest: oldDigest } = result.reference;
  let name = oldDigest === null ? image : image.slice(0, -(oldDigest.length + 1));
  if (mode === 'digestOnly' && tag !== null) {
    name = name.slice(0, -(tag.length + 1));
  }
  return `${name}@${digest}`;
}
