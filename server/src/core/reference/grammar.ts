/**
 * The reference grammar of distribution/reference `regexp.go`, as predicates.
 *
 * Upstream uses RE2 regexps, which run in linear time. Translating them into
 * backtracking JS regexps would risk catastrophic backtracking on long input,
 * so each production is a left-to-right scan (or a split on a plain character
 * class) instead.
 *
 * Where the upstream regexps are ambiguous (is the first component a domain
 * or a path component?), RE2's leftmost-first submatch rule prefers the
 * domain; `matchName` makes the same choice.
 */

import { everyChar, isAlphanumeric, isDigit, isHexDigit, isLetter, isLowerHexDigit, isWordChar } from './chars';

/** `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]` */
function isDomainNameComponent(text: string): boolean {
  return (
    text.length > 0 &&
    isAlphanumeric(text[0]) &&
    isAlphanumeric(text[text.length - 1]) &&
    everyChar(text, (char) => isAlphanumeric(char) || char === '-')
  );
}

/** `\[(?:[a-fA-F0-9:]+)\]` — zone identifiers and IPv4-mapped forms are deliberately excluded upstream. */
function isBracketedIPv6(text: string): boolean {
  return text.length > 2 && text.startsWith('[') && text.endsWith(']') && everyChar(text.slice(1, -1), (char) => isHexDigit(char) || char === ':');
}

/** `(?::[0-9]+)?` */
function isOptionalPort(text: string): boolean {
  return text === '' || (text.length > 1 && text[0] === ':' && everyChar(text.slice(1), isDigit));
}

/** `domainAndPort`: a host (domain name, IPv4, or `[IPv6]`) with an optional `:port`. */
export function isDomainAndPort(text: string): boolean {
  if (text.startsWith('[')) {
    // An IPv6 host cannot contain `]`, so the host ends at the first one.
    const hostEnd = text.indexOf(']') + 1;
    return hostEnd > 0 && isBracketedIPv6(text.slice(0, hostEnd)) && isOptionalPort(text.slice(hostEnd));
  }
  // A domain name cannot contain `:`, so the port starts at the first one.
  const colon = text.indexOf(':');
  const portStart = colon < 0 ? text.length : colon;
  return text.slice(0, portStart).split('.').every(isDomainNameComponent) && isOptionalPort(text.slice(portStart));
}

/** `separator`: `(?:[._]|__|[-]+)` */
function isPathSeparator(text: string): boolean {
  return text === '.' || text === '_' || text === '__' || (text.length > 0 && everyChar(text, (char) => char === '-'));
}

/** `pathComponent`: lowercase alphanumeric runs joined by single separators. */
function isPathComponent(text: string): boolean {
  // Splitting on the alphanumeric runs leaves ['', sep, ..., sep, ''] for a valid component.
  const separators = text.split(/[a-z0-9]+/);
  return (
    separators.length >= 2 &&
    separators[0] === '' &&
    separators[separators.length - 1] === '' &&
    separators.slice(1, -1).every(isPathSeparator)
  );
}

/** `remoteName`: path components joined by `/`. */
export function isRemoteName(text: string): boolean {
  return text.split('/').every(isPathComponent);
}

/** `tag`: `[\w][\w.-]{0,127}` */
export function isTag(text: string): boolean {
  return text.length >= 1 && text.length <= 128 && isWordChar(text[0]) && everyChar(text, (char) => isWordChar(char) || char === '.' || char === '-');
}

/** `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*` */
function isDigestAlgorithm(text: string): boolean {
  return text
    .split(/[-_+.]/)
    .every((component) => component.length > 0 && isLetter(component[0]) && everyChar(component, isAlphanumeric));
}

/** `digestPat`: algorithm `:` at least 32 hex digits of either case (go-digest validates further). */
export function isDigestFormat(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 0) {
    return false;
  }
  const encoded = text.slice(colon + 1);
  return isDigestAlgorithm(text.slice(0, colon)) && encoded.length >= 32 && everyChar(encoded, isHexDigit);
}

/** `identifier`: `[a-f0-9]{64}`, a bare sha256 image ID. */
export function isIdentifier(text: string): boolean {
  return text.length === 64 && everyChar(text, isLowerHexDigit);
}

export interface NameMatch {
  /** Empty when the name has no domain, as Go's unmatched submatch. */
  domain: string;
  path: string;
}

/** `anchoredNameRegexp`: `^(?:(domainAndPort)/)?(remoteName)$`. */
export function matchName(name: string): NameMatch | null {
  const slash = name.indexOf('/');
  if (slash >= 0 && isDomainAndPort(name.slice(0, slash)) && isRemoteName(name.slice(slash + 1))) {
    return { domain: name.slice(0, slash), path: name.slice(slash + 1) };
  }
  return isRemoteName(name) ? { domain: '', path: name } : null;
}

export interface ReferenceMatch extends NameMatch {
  tag: string | null;
  digest: string | null;
}

/** `referencePat`: `^(name)(?::(tag))?(?:@(digestPat))?$`, with the name split like `matchName`. */
export function matchReference(reference: string): ReferenceMatch | null {
  // A remote name never holds `:` or `@`, so it ends at the first of them after the
  // domain. The domain (which may hold `:port`) can only be the part before the
  // first `/`; tags and digests never hold `/`.
  const firstSlash = reference.indexOf('/');
  const nameEnd = indexOfAny(reference, ':@', Math.max(firstSlash, 0));
  const name = matchName(reference.slice(0, nameEnd));
  if (name === null) {
    return null;
  }
  let rest = reference.slice(nameEnd);
  let tag: string | null = null;
  if (rest.startsWith(':')) {
    const tagEnd = indexOfAny(rest, '@', 0);
    tag = rest.slice(1, tagEnd);
    rest = rest.slice(tagEnd);
    if (!isTag(tag)) {
      return null;
    }
  }
  let digest: string | null = null;
  if (rest !== '') {
    // `rest` starts with `@` here: the name ended at `:` or `@`, and the tag at `@`.
    digest = rest.slice(1);
    if (!isDigestFormat(digest)) {
      return null;
    }
  }
  return { ...name, tag, digest };
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text[i])) {
      return i;
    }
  }
  return text.length;
}
