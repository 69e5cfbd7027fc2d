/**
 * kustomize's image rewriting (api/internal/image/image.go and
 * api/filters/imagetag/updater.go of kustomize v5.7.1, which `kubectl` 1.35 embeds).
 * kustomize does not parse references with distribution/reference: it matches the
 * entry's `name` as a regular expression and splits at the first `:`/`@` after the
 * first `/`. Both quirks are reproduced, because they decide what is deployed.
 */

/** The fields of one `images:` entry that drive the rewrite. */
export interface ImageTagRule {
  name: string;
  newName: string;
  newTag: string;
  digest: string;
  tagSuffix: string;
}

const patterns = new Map<string, RegExp | null>();

/**
 * `IsImageMatched`: the entry name is used as an (unescaped) regular expression,
 * followed by an optional tag and an optional sha256 digest. A name that is not a
 * valid expression matches nothing.
 */
export function isImageMatched(image: string, name: string): boolean {
  let pattern = patterns.get(name);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
    } catch {
      pattern = null;
    }
    patterns.set(name, pattern);
  }
  return pattern !== null && pattern.test(image);
}

/** `Split`: name, tag and digest, looking for `:` and `@` only after the first `/` (so a registry port is kept). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const from = slash > 0 ? slash : 0;
  const search = image.slice(from);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) {
    return { name: image, tag: '', digest: '' };
  }
  if (at >= 0 && (at < colon || colon < 0)) {
    return { name: image.slice(0, from + at), tag: '', digest: image.slice(from + at + 1) };
  }
  if (at >= 0) {
    return { name: image.slice(0, from + colon), tag: image.slice(from + colon + 1, from + at), digest: image.slice(from + at + 1) };
  }
  return { name: image.slice(0, from + colon), tag: image.slice(from + colon + 1), digest: '' };
}

/** The image after the entry's rewrite, or null when the entry does not match it. */
export function rewriteImage(image: string, rule: ImageTagRule): string | null {
  if (!isImageMatched(image, rule.name)) {
    return null;
  }
  let { name, tag, digest } = splitImage(image);
  if (rule.newName !== '') {
    name = rule.newName;
  }
  // A new tag or digest replaces both the old tag and the old digest.
  if (rule.newTag !== '' && rule.digest !== '') {
    tag = rule.newTag;
    digest = rule.digest;
  } else if (rule.newTag !== '') {
    tag = rule.newTag;
    digest = '';
  } else if (rule.digest !== '') {
    tag = '';
    digest = rule.digest;
  } else if (rule.tagSuffix !== '') {
    tag += rule.tagSuffix;
    digest = '';
  }
  return `${name}${tag === '' ? '' : `:${tag}`}${digest === '' ? '' : `@${digest}`}`;
}
