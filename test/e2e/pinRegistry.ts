/**
 * The "Pin to digest" scenario's registry: a real Debian docker-registry on
 * 127.0.0.1 (test/registry/harness) holding one OCI image, and a manifest
 * that names it.
 */
import { existsSync } from 'node:fs';
import { pushImage } from '../registry/harness/push';
import type { RunningRegistry } from '../registry/harness/registry';
import { startRegistry } from '../registry/harness/registry';

const REPO = 'team/app';
const TAG = '1.0';

export async function startPinRegistry(): Promise<{ reg: RunningRegistry; image: string; digest: string } | { unavailable: string }> {
  if (!existsSync('/usr/bin/docker-registry')) {
    return { unavailable: 'docker-registry is not installed (apt-get install -y docker-registry)' };
  }
  const reg = await startRegistry();
  try {
    const { digest } = await pushImage(reg, { repo: REPO, tag: TAG, format: 'oci' });
    return { reg, image: `${reg.host}/${REPO}:${TAG}`, digest };
  } catch (error) {
    await reg.stop();
    throw error;
  }
}

/** Line (1-based) of the image in pinFixture(). */
export const PIN_IMAGE_LINE = 10;

/** A Deployment whose image is the pushed tag. */
export function pinFixture(image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: app',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: ${image}`,
    '          imagePullPolicy: IfNotPresent',
    '',
  ].join('\n');
}
