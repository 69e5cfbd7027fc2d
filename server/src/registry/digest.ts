/**
 * Content digests (`sha256:<64 hex>`, `sha512:<128 hex>`): validation, computation,
 * and verification of a registry's stated digest against the exact bytes.
 */

import { createHash } from 'node:crypto';

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(s: string | undefined | null): s is string {
  return typeof s === 'string' && DIGEST_RE.test(s);
}

export function computeDigest(bytes: Uint8Array, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** True when `digest` (sha256 or sha512) is the hash of `bytes`. */
export function digestMatches(digest: string, bytes: Uint8Array): boolean {
  if (!isDigest(digest)) {
    return false;
  }
  const algorithm = digest.startsWith('sha512:') ? 'sha512' : 'sha256';
  return computeDigest(bytes, algorithm) === digest;
}
