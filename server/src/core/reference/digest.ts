/**
 * Digest validation of go-digest v1.0.0 (`Digest.Validate`), the version
 * Kubernetes vendors.
 */

import { everyChar, isAlphanumeric, isLowerAlphanumeric, isLowerHexDigit } from './chars';
import { goByteLength } from './goStrings';

const DIGEST_INVALID_FORMAT = 'invalid checksum digest format';
const DIGEST_INVALID_LENGTH = 'invalid checksum digest length';
const DIGEST_UNSUPPORTED = 'unsupported digest algorithm';

/**
 * Algorithms go-digest knows, by hex length. An algorithm is only "available"
 * when its hash is linked into the binary: Kubernetes' image-name parser
 * imports crypto/sha256 and crypto/sha512, so all three are.
 */
const HEX_LENGTH_BY_ALGORITHM: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/** go-digest's `DigestRegexpAnchored`: `^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`. */
function isOciDigestSyntax(digest: string, colon: number): boolean {
  const encoded = digest.slice(colon + 1);
  return (
    digest
      .slice(0, colon)
      .split(/[.+_-]/)
      .every((component) => component.length > 0 && everyChar(component, isLowerAlphanumeric)) &&
    encoded.length > 0 &&
    everyChar(encoded, (char) => isAlphanumeric(char) || char === '=' || char === '_' || char === '-')
  );
}

/** The go-digest error for `digest`, or null when it is valid. */
export function validateDigest(digest: string): string | null {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon === digest.length - 1) {
    return DIGEST_INVALID_FORMAT;
  }
  const hexLength = HEX_LENGTH_BY_ALGORITHM.get(digest.slice(0, colon));
  if (hexLength === undefined) {
    return isOciDigestSyntax(digest, colon) ? DIGEST_UNSUPPORTED : DIGEST_INVALID_FORMAT;
  }
  const encoded = digest.slice(colon + 1);
  if (goByteLength(encoded) !== hexLength) {
    return DIGEST_INVALID_LENGTH;
  }
  return everyChar(encoded, isLowerHexDigit) ? null : DIGEST_INVALID_FORMAT;
}
