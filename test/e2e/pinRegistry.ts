/**
 * The pin scenarios' registry: a real Debian docker-registry on 127.0.0.1
 * (test/registry/harness) holding three images, and the manifests that name
 * them: one for the quick fix, one with two images for "Pin All Images in File".
 * registry.test.ts reuses pushTag() for a tag that moves, and checkFixture().
 */
import { existsSync } from 'node:fs';
import type { PushImageOptions } from '../registry/harness/push';
import { pushImage } from '../registry/harness/push';
import type { RunningRegistry } from '../registry/harness/registry';
import { startRegistry } from '../registry/harness/registry';
import { deployment } from '../fixtures/manifests';

export interface PushedTag {
  /** `host:port/repo:tag` */
  image: string;
  /** What the tag points at (for a multi-arch image, the index digest). */
  digest: string;
}

export interface PinRegistry {
  reg: RunningRegistry;
  /** Same as `app` (test/electron reads these). */
  image: string;
  digest: string;
  /** The quick-fix scenario's image (OCI, one platform). */
  app: PushedTag;
  /** "Pin All Images in File": a multi-arch OCI index and a Docker v2 manifest. */
  api: PushedTag;
  worker: PushedTag;
  /** Pinned from the Container Images view, in a file no editor has open. */
  view: PushedTag;
}

/** Why the registry scenarios cannot run here, or undefined when they can. */
export function registryUnavailable(): string | undefined {
  return existsSync('/usr/bin/docker-registry') ? undefined : 'docker-registry is not installed (apt-get install -y docker-registry)';
}

/** Pushes `repo:tag` (OCI, one platform unless options say otherwise); pushing again with another `seed` moves the tag. */
export async function pushTag(reg: RunningRegistry, repo: string, tag: string, options: Partial<PushImageOptions> = {}): Promise<PushedTag> {
  const { digest } = await pushImage(reg, { repo, tag, format: 'oci', ...options });
  return { image: `${reg.host}/${repo}:${tag}`, digest };
}

export async function startPinRegistry(): Promise<PinRegistry | { unavailable: string }> {
  const unavailable = registryUnavailable();
  if (unavailable) {
    return { unavailable };
  }
  const reg = await startRegistry();
  try {
    const push = (repo: string, tag: string, options: Partial<PushImageOptions>) => pushTag(reg, repo, tag, options);
    const app = await push('team/app', '1.0', {});
    return {
      reg,
      ...app,
      app,
      api: await push('team/api', '2.0', {
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
      }),
      worker: await push('team/worker', '3.1', { format: 'docker' }),
      view: await push('team/view', '1.2', {}),
    };
  } catch (error) {
    await reg.stop();
    throw error;
  }
}

/** Line (1-based) of the image in pinFixture(). */
export const PIN_IMAGE_LINE = 10;

/** A Deployment whose image is the pushed tag. */
export function pinFixture(image: string): string {
  return deployment(image, 'IfNotPresent', 'app');
}

/** A Deployment with two containers, one per image. */
export function pinAllFixture(api: string, worker: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    `          image: ${api}`,
    '          imagePullPolicy: IfNotPresent',
    '        - name: worker',
    `          image: "${worker}" # quoted, with a comment that must stay`,
    '',
  ].join('\n');
}

/** Lines (1-based) of the two images in checkFixture(). */
export const CHECK_MISSING_LINE = 10;
export const CHECK_DRIFT_LINE = 13;

/** A Deployment with an image whose tag the registry lacks and a `tag@digest` whose tag has moved since. */
export function checkFixture(missing: string, drifted: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: check',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: missing',
    `          image: ${missing}`,
    '          imagePullPolicy: IfNotPresent',
    '        - name: drifted',
    `          image: ${drifted}`,
    '          imagePullPolicy: IfNotPresent',
    '',
  ].join('\n');
}
