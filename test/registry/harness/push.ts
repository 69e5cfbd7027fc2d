/**
 * Pushes small synthetic images with the plain registry v2 upload API: per
 * platform a config blob and one layer blob, then the manifests (children before
 * the index/list that names them). Digests are computed locally from the exact
 * bytes sent and checked against the registry's Docker-Content-Digest.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MediaTypes } from './mediaTypes';
import type { RunningRegistry } from './registry';
import { RegistrySession } from './registrySession';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PushedImage {
  /** Digest of what the tag points at: the index/list, or the single manifest. */
  digest: string;
  mediaType: string;
  /** Child manifests of an index/list, in order; empty for a single manifest. */
  children: Array<{ platform: Platform; digest: string }>;
}

export interface PushImageOptions {
  repo: string;
  tag: string;
  format: 'docker' | 'oci';
  /** Default linux/amd64. More than one (or `list`) pushes an index / manifest list. */
  platforms?: Platform[];
  /** Force an index even for one platform. */
  list?: boolean;
  /** Changes the content, hence every digest (for "a tag that moves"). */
  seed?: string;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function platformName(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((s) => s !== undefined).join('/');
}

function expectDigest(what: string, status: number, expectedStatus: number, header: unknown, digest: string, body: Buffer): void {
  if (status !== expectedStatus) {
    throw new Error(`${what}: HTTP ${status} (expected ${expectedStatus}): ${body.toString('utf8')}`);
  }
  if (header !== digest) {
    throw new Error(`${what}: registry says Docker-Content-Digest ${String(header)}, computed ${digest}`);
  }
}

async function uploadBlob(session: RegistrySession, repo: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = sha256(bytes);
  const started = await session.request('POST', `/v2/${repo}/blobs/uploads/`);
  const location = started.headers.location;
  if (started.status !== 202 || location === undefined) {
    throw new Error(`blob upload POST /v2/${repo}/blobs/uploads/: HTTP ${started.status}: ${started.body.toString('utf8')}`);
  }
  // Location carries `_state` in its query; the digest is appended to it.
  const separator = location.includes('?') ? '&' : '?';
  const done = await session.request(
    'PUT',
    `${location}${separator}digest=${encodeURIComponent(digest)}`,
    { 'content-type': 'application/octet-stream' },
    bytes,
  );
  expectDigest(`blob PUT ${digest}`, done.status, 201, done.headers['docker-content-digest'], digest, done.body);
  return { mediaType, digest, size: bytes.length };
}

/** `tag` null = push by digest (an index/list's children). */
async function putManifest(session: RegistrySession, repo: string, tag: string | null, mediaType: string, manifest: object): Promise<Descriptor> {
  // Stored byte-exact, so the digest of these bytes is the manifest's digest.
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2));
  const digest = sha256(bytes);
  const reference = tag ?? digest;
  const res = await session.request('PUT', `/v2/${repo}/manifests/${reference}`, { 'content-type': mediaType }, bytes);
  expectDigest(`manifest PUT ${repo}:${reference}`, res.status, 201, res.headers['docker-content-digest'], digest, res.body);
  return { mediaType, digest, size: bytes.length };
}

async function pushPlatformManifest(
  session: RegistrySession,
  opts: PushImageOptions,
  platform: Platform,
  tag: string | null,
): Promise<Descriptor> {
  const docker = opts.format === 'docker';
  const identity = `${opts.repo}:${opts.tag} ${platformName(platform)} seed=${opts.seed ?? ''}`;
  const layerTar = Buffer.from(`kube-image-lens test layer for ${identity}\n`);
  const layer = await uploadBlob(session, opts.repo, gzipSync(layerTar), docker ? MediaTypes.dockerLayer : MediaTypes.ociLayer);
  const config = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant !== undefined ? { variant: platform.variant } : {}),
    config: { Labels: { 'kube-image-lens.test.identity': identity } },
    rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
  };
  const configBlob = await uploadBlob(
    session,
    opts.repo,
    Buffer.from(JSON.stringify(config)),
    docker ? MediaTypes.dockerConfig : MediaTypes.ociConfig,
  );
  const mediaType = docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest;
  return putManifest(session, opts.repo, tag, mediaType, { schemaVersion: 2, mediaType, config: configBlob, layers: [layer] });
}

export async function pushImage(reg: RunningRegistry, opts: PushImageOptions): Promise<PushedImage> {
  const session = new RegistrySession(reg, reg.users[0] ?? null);
  const platforms = opts.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
  if (platforms.length === 0) {
    throw new Error('pushImage: platforms must not be empty');
  }
  if (platforms.length === 1 && opts.list !== true) {
    const single = await pushPlatformManifest(session, opts, platforms[0], opts.tag);
    return { digest: single.digest, mediaType: single.mediaType, children: [] };
  }

  const children: PushedImage['children'] = [];
  const manifests: object[] = [];
  for (const platform of platforms) {
    // Children go by digest; only the index/list gets the tag.
    const child = await pushPlatformManifest(session, opts, platform, null);
    children.push({ platform, digest: child.digest });
    manifests.push({ ...child, platform });
  }
  const mediaType = opts.format === 'docker' ? MediaTypes.dockerManifestList : MediaTypes.ociIndex;
  const index = await putManifest(session, opts.repo, opts.tag, mediaType, { schemaVersion: 2, mediaType, manifests });
  return { digest: index.digest, mediaType, children };
}
