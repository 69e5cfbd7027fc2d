/**
 * `ParseNormalizedNamed` and `FamiliarString` of distribution/reference
 * `normalize.go` / `helpers.go`: Docker Hub defaults on top of `Parse`.
 */

import { goToLower } from './goStrings';
import { isIdentifier } from './grammar';
import type { Reference, ReferenceResult } from './reference';
import { parse, referenceString } from './reference';

const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const DEFAULT_DOMAIN = 'docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const LOCALHOST = 'localhost';

function hasUppercase(text: string): boolean {
  return goToLower(text) !== text;
}

/**
 * Go's `splitDockerDomain`: whether the first `/`-separated component is a
 * registry host is decided by its shape alone, not by the grammar.
 */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const firstComponent = slash < 0 ? null : name.slice(0, slash);
  // Without a `/` nothing is a host, not even "localhost:5000" (an upstream FIXME).
  // Namespaces are lowercase, so an uppercase first component must be a host.
  const isHost =
    firstComponent !== null && (firstComponent === LOCALHOST || /[.:]/.test(firstComponent) || hasUppercase(firstComponent));
  const domain = isHost && firstComponent !== LEGACY_DEFAULT_DOMAIN ? firstComponent : DEFAULT_DOMAIN;
  const remainder = isHost ? name.slice(slash + 1) : name;
  // Only Docker Hub has the implicit `library/` namespace.
  const isOfficialImage = domain === DEFAULT_DOMAIN && !remainder.includes('/');
  return { domain, remainder: isOfficialImage ? OFFICIAL_REPO_PREFIX + remainder : remainder };
}

/** Go's `ParseNormalizedNamed`: what the kubelet and the API server parse `image` with. */
export function parseNormalizedNamed(text: string): ReferenceResult {
  if (isIdentifier(text)) {
    return { ok: false, error: `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings` };
  }
  const { domain, remainder } = splitDockerDomain(text);
  // Upstream cuts at the first ':' only, so an `@algorithm` is checked as part of the name.
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (hasUppercase(remote)) {
    return { ok: false, error: `invalid reference format: repository name (${remote}) must be lowercase` };
  }
  return parse(`${domain}/${remainder}`);
}

/** Go's `familiarizeName`: drops `docker.io/` and, for single-level paths, `library/`. */
function familiarize(reference: Reference): Reference {
  if (reference.domain !== DEFAULT_DOMAIN) {
    return reference;
  }
  const official = reference.path.startsWith(OFFICIAL_REPO_PREFIX) ? reference.path.slice(OFFICIAL_REPO_PREFIX.length) : null;
  const path = official !== null && !official.includes('/') ? official : reference.path;
  return { ...reference, domain: '', path };
}

/** Go's `FamiliarString`: the short form shown by the Docker CLI (`nginx:1.25`). */
export function familiarString(reference: Reference): string {
  return referenceString(familiarize(reference));
}
