/**
 * `Parse` and `String()` of distribution/reference `reference.go`: the
 * grammar check without any Docker Hub normalization.
 */

import { validateDigest } from './digest';
import { goToLower } from './goStrings';
import { matchReference } from './grammar';

/** Go's `RepositoryNameTotalLengthMax`; since v0.6.0 it bounds the path only, not the domain. */
const REPOSITORY_PATH_MAX_LENGTH = 255;

const INVALID_REFERENCE_FORMAT = 'invalid reference format';
const NAME_EMPTY = 'repository name must have at least one component';
const NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase';
const NAME_TOO_LONG = `repository name must not be more than ${REPOSITORY_PATH_MAX_LENGTH} characters`;

/** A parsed reference; `domain` is empty when the name has none. */
export interface Reference {
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
}

export type ReferenceResult = { ok: true; reference: Reference } | { ok: false; error: string };

/** Go's `Parse`: validates `text` against the full reference grammar. */
export function parse(text: string): ReferenceResult {
  if (text === '') {
    return { ok: false, error: NAME_EMPTY };
  }
  const match = matchReference(text);
  if (match === null) {
    const lower = goToLower(text);
    // Parses once lowercased, so the only fault is an uppercase repository name.
    const onlyUppercaseIsWrong = lower !== text && matchReference(lower) !== null;
    return { ok: false, error: onlyUppercaseIsWrong ? NAME_CONTAINS_UPPERCASE : INVALID_REFERENCE_FORMAT };
  }
  if (match.path.length > REPOSITORY_PATH_MAX_LENGTH) {
    return { ok: false, error: NAME_TOO_LONG };
  }
  const digestError = match.digest === null ? null : validateDigest(match.digest);
  if (digestError !== null) {
    return { ok: false, error: digestError };
  }
  return { ok: true, reference: match };
}

/** Go's `Name()`: the domain and path. */
export function referenceName(reference: Reference): string {
  return reference.domain === '' ? reference.path : `${reference.domain}/${reference.path}`;
}

/** Go's `String()`: `name[:tag][@digest]`, keeping both when both are present. */
export function referenceString(reference: Reference): string {
  const tag = reference.tag === null ? '' : `:${reference.tag}`;
  const digest = reference.digest === null ? '' : `@${reference.digest}`;
  return `${referenceName(reference)}${tag}${digest}`;
}
