/**
 * Resolving one reference (tag or digest) to its manifest digest.
 *
 * Two ways, chosen by the client:
 * - `head`: `HEAD /v2/<repo>/manifests/<ref>`; the digest is `Docker-Content-Digest`.
 *   Cheapest (Docker Hub does not count HEAD against pull limits), but the header
 *   cannot be checked. Without the header (or with an unknown Content-Type) it falls
 *   back to a GET. Platforms of an index are read with a GET *by that digest*, whose
 *   body must hash to it — so a wrong header is caught whenever platforms are read.
 * - `get`: one `GET`; the digest is the sha256 of the exact bytes, and a digest the
 *   registry states must equal it (else invalid-response, never a digest).
 * Both send the Accept list of the four manifest types and never `*\/*`.
 * For an index / manifest list the INDEX digest is returned, never a child's.
 *
 * A 404 is told apart with `GET /v2/<repo>/tags/list`: NAME_UNKNOWN (or 404) means
 * the repository does not exist; otherwise the tag does not.
 */

import { computeDigest, digestMatches, isDigest } from './digest';
import { RegistryError } from './errors';
import { MANIFEST_ACCEPT, ManifestParseError, baseMediaType, isIndexType, isKnownManifestType, parseManifest } from './manifest';
import type { PlatformManifest } from './manifest';
import { invalidResponse, registryErrorCodes } from './messages';
import type { RepositorySession } from './repositorySession';
import { headerValue } from './transport';

/** distribution's limit for a manifest body. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAGS_BYTES = 1024 * 1024;

export interface ManifestLookup {
  digest: string;
  mediaType: string;
  isIndex: boolean;
  platforms: PlatformManifest[] | null;
  /** The digest was checked against the body's bytes. */
  verified: boolean;
}

export interface LookupCounters {
  onManifestRequest: () => void;
  onTagListRequest: () => void;
}

export async function lookupManifest(
  session: RepositorySession,
  reference: string,
  how: { method: 'head' | 'get'; withPlatforms: boolean },
  counters: LookupCounters,
  signal?: AbortSignal,
): Promise<ManifestLookup> {
  const refIsDigest = isDigest(reference);
  if (how.method === 'head') {
    const res = await session.request({
      method: 'HEAD',
      subPath: `manifests/${encodeURIComponent(reference)}`,
      accept: MANIFEST_ACCEPT,
      maxBodyBytes: 0,
      ...(signal ? { signal } : {}),
      onSend: counters.onManifestRequest,
    });
    if (res.status !== 200) {
      throw await failure(session, res, reference, counters, signal);
    }
    const stated = headerValue(res.headers, 'docker-content-digest');
    const mediaType = baseMediaType(headerValue(res.headers, 'content-type'));
    if (stated !== undefined && !isDigest(stated)) {
      throw invalidResponse(session.ctx, `its Docker-Content-Digest header is not a valid digest`, 'BAD_DIGEST_HEADER');
    }
    if (stated !== undefined && isKnownManifestType(mediaType)) {
      if (refIsDigest && stated !== reference) {
        throw invalidResponse(session.ctx, `it stated digest ${stated} for a request by digest ${reference}`, 'DIGEST_MISMATCH');
      }
      if (how.withPlatforms && isIndexType(mediaType)) {
        // Read the index by the digest the registry stated: the body must hash to it.
        return getManifest(session, stated, counters, signal, stated, true);
      }
      return { digest: stated, mediaType: mediaType!, isIndex: isIndexType(mediaType), platforms: null, verified: false };
    }
    // No usable header: fall back to a GET of the same reference.
  }
  return getManifest(session, reference, counters, signal, refIsDigest ? reference : undefined);
}

async function getManifest(
  session: RepositorySession,
  reference: string,
  counters: LookupCounters,
  signal: AbortSignal | undefined,
  expected: string | undefined,
  expectedFromHeader = false,
): Promise<ManifestLookup> {
  const res = await session.request({
    method: 'GET',
    subPath: `manifests/${encodeURIComponent(reference)}`,
    accept: MANIFEST_ACCEPT,
    maxBodyBytes: MAX_MANIFEST_BYTES,
    ...(signal ? { signal } : {}),
    onSend: counters.onManifestRequest,
  });
  if (res.status === 404 && expectedFromHeader) {
    throw invalidResponse(session.ctx, `it stated digest ${reference} but has no manifest with that digest (a proxy or the registry altered the header)`, 'DIGEST_MISMATCH');
  }
  if (res.status !== 200) {
    throw await failure(session, res, reference, counters, signal);
  }
  const bytes = res.body;
  const stated = headerValue(res.headers, 'docker-content-digest');
  if (stated !== undefined && !isDigest(stated)) {
    throw invalidResponse(session.ctx, 'its Docker-Content-Digest header is not a valid digest', 'BAD_DIGEST_HEADER');
  }
  const computed = computeDigest(bytes, 'sha256');
  if (stated !== undefined && !digestMatches(stated, bytes)) {
    throw invalidResponse(
      session.ctx,
      `the manifest body hashes to ${computed} but the registry stated ${stated} (digest mismatch: a proxy or the registry altered the answer, or the body is incomplete)`,
      'DIGEST_MISMATCH',
    );
  }
  if (expected !== undefined && !digestMatches(expected, bytes)) {
    throw invalidResponse(session.ctx, `the manifest requested as ${expected} hashes to ${computed} (digest mismatch)`, 'DIGEST_MISMATCH');
  }
  let parsed;
  try {
    parsed = parseManifest(bytes, headerValue(res.headers, 'content-type'));
  } catch (e) {
    if (e instanceof ManifestParseError) {
      throw invalidResponse(session.ctx, e.message, 'BAD_MANIFEST');
    }
    throw e;
  }
  const digest = expected ?? (stated !== undefined && stated.startsWith('sha256:') ? stated : computed);
  return { digest, mediaType: parsed.mediaType, isIndex: parsed.isIndex, platforms: parsed.platforms, verified: true };
}

/** Error for a non-200 manifest answer; tells unknown tag from unknown repository. */
async function failure(
  session: RepositorySession,
  res: Awaited<ReturnType<RepositorySession['request']>>,
  reference: string,
  counters: LookupCounters,
  signal: AbortSignal | undefined,
): Promise<RegistryError> {
  if (res.status !== 404) {
    return session.statusError(res);
  }
  const repo = `${session.endpoint.domain}/${session.path}`;
  const codes = registryErrorCodes(res.body);
  const repoUnknown = (): RegistryError =>
    new RegistryError({
      kind: 'unknown-repository',
      host: session.ctx.host,
      status: 404,
      code: 'NAME_UNKNOWN',
      message: `The repository ${repo} does not exist on ${session.endpoint.domain}. Check the image name (and its registry host), or push the image first.`,
    });
  if (codes.includes('NAME_UNKNOWN')) {
    return repoUnknown();
  }
  // distribution answers MANIFEST_UNKNOWN for an unknown repository too: ask the tag list.
  let tags: string[] | null = null;
  let tagsStatus = 0;
  try {
    const t = await session.request({
      method: 'GET',
      subPath: 'tags/list?n=100',
      accept: 'application/json',
      maxBodyBytes: MAX_TAGS_BYTES,
      ...(signal ? { signal } : {}),
      onSend: counters.onTagListRequest,
    });
    tagsStatus = t.status;
    if (t.status === 404) {
      return repoUnknown();
    }
    if (t.status === 200) {
      const json = JSON.parse(t.body.toString('utf8')) as { tags?: unknown };
      tags = Array.isArray(json.tags) ? json.tags.filter((x): x is string => typeof x === 'string') : [];
    }
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'cancelled') {
      throw e;
    }
    tags = null;
  }
  if (isDigest(reference)) {
    return new RegistryError({
      kind: 'unknown-tag',
      host: session.ctx.host,
      status: 404,
      code: 'MANIFEST_UNKNOWN',
      message: `No manifest with digest ${reference} exists in ${repo}${tags === null ? ' (or the repository does not exist)' : ''}. The digest may be mistyped, or the image was deleted.`,
    });
  }
  let known = '';
  if (tags !== null) {
    const sample = tags.slice(0, 8);
    known = sample.length === 0 ? ' The repository has no tags.' : ` Existing tags include: ${sample.join(', ')}${tags.length > sample.length ? ', …' : ''}.`;
  } else if (tagsStatus !== 0) {
    known = ' (The repository may not exist either: its tag list could not be read.)';
  }
  return new RegistryError({
    kind: 'unknown-tag',
    host: session.ctx.host,
    status: 404,
    code: codes[0] ?? 'MANIFEST_UNKNOWN',
    message: `The tag "${reference}" does not exist in ${repo}.${known} Check the tag, or push it first.`,
  });
}
