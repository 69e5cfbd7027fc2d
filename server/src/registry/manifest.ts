/**
 * Manifest media types and reading of manifest bodies (just what a digest client
 * needs: kind, and for an index the platforms and their child digests).
 */

import { isDigest } from './digest';

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** The Accept header: index types first, never `*\/*` (distribution 2.8 answers 400 or the wrong manifest). */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

const KNOWN = new Set<string>(Object.values(MediaType));

export function isKnownManifestType(t: string | undefined): boolean {
  return t !== undefined && KNOWN.has(t);
}

export function isIndexType(t: string | undefined): boolean {
  return t === MediaType.ociIndex || t === MediaType.dockerList;
}

/** `application/json; charset=utf-8` → `application/json` */
export function baseMediaType(contentType: string | undefined): string | undefined {
  if (!contentType) {
    return undefined;
  }
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t || undefined;
}

export interface PlatformManifest {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
}

export interface ParsedManifest {
  mediaType: string;
  isIndex: boolean;
  platforms: PlatformManifest[] | null;
}

export class ManifestParseError extends Error {}

/**
 * Parse a manifest body. The media type is the body's `mediaType` field, else the
 * Content-Type, else inferred from the shape (`manifests` → OCI index, `layers` →
 * OCI manifest). Throws ManifestParseError for bodies that are not a v2/OCI
 * manifest (including a truncated body, which is never valid JSON).
 */
export function parseManifest(bytes: Uint8Array, contentType: string | undefined): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ManifestParseError('the manifest is not valid JSON (the body may be incomplete)');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ManifestParseError('the manifest is not a JSON object');
  }
  const o = json as Record<string, unknown>;
  if (o['schemaVersion'] !== 2) {
    throw new ManifestParseError(`unsupported manifest schemaVersion ${JSON.stringify(o['schemaVersion'] ?? null)}`);
  }
  const declared = typeof o['mediaType'] === 'string' ? o['mediaType'] : undefined;
  const header = baseMediaType(contentType);
  let mediaType = declared ?? (isKnownManifestType(header) ? header : undefined);
  if (!mediaType) {
    if (Array.isArray(o['manifests'])) {
      mediaType = MediaType.ociIndex;
    } else if (Array.isArray(o['layers'])) {
      mediaType = MediaType.ociManifest;
    }
  }
  if (!mediaType || !isKnownManifestType(mediaType)) {
    throw new ManifestParseError(`unsupported manifest media type ${mediaType ?? '(none)'}`);
  }
  if (isIndexType(mediaType)) {
    if (!Array.isArray(o['manifests'])) {
      throw new ManifestParseError('the image index has no "manifests" list');
    }
    const platforms: PlatformManifest[] = [];
    for (const m of o['manifests'] as unknown[]) {
      if (!m || typeof m !== 'object') {
        continue;
      }
      const mo = m as Record<string, unknown>;
      const digest = typeof mo['digest'] === 'string' ? mo['digest'] : '';
      if (!isDigest(digest)) {
        throw new ManifestParseError('the image index lists an invalid digest');
      }
      const annotations = (mo['annotations'] ?? {}) as Record<string, unknown>;
      if (annotations['vnd.docker.reference.type'] === 'attestation-manifest') {
        continue; // build attestations are not runnable platforms
      }
      const p = (mo['platform'] ?? {}) as Record<string, unknown>;
      const entry: PlatformManifest = {
        os: typeof p['os'] === 'string' ? p['os'] : 'unknown',
        architecture: typeof p['architecture'] === 'string' ? p['architecture'] : 'unknown',
        digest,
      };
      if (typeof p['variant'] === 'string' && p['variant']) {
        entry.variant = p['variant'];
      }
      platforms.push(entry);
    }
    return { mediaType, isIndex: true, platforms };
  }
  if (!o['config'] || typeof o['config'] !== 'object' || !Array.isArray(o['layers'])) {
    throw new ManifestParseError('the image manifest has no config or layers');
  }
  return { mediaType, isIndex: false, platforms: null };
}

/** `linux/arm64/v8` */
export function formatPlatform(p: { os: string; architecture: string; variant?: string }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
