import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManifestFacts, RegistryObservation } from '../../../server/src/core/registryFindings';
import { registryFindings } from '../../../server/src/core/registryFindings';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { analyse, yaml } from './fixtures';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const index: ManifestFacts = {
  digest: digest(1),
  isIndex: true,
  platforms: [
    { os: 'linux', architecture: 'amd64', digest: digest(2) },
    { os: 'linux', architecture: 'arm64', variant: 'v8', digest: digest(3) },
  ],
};

function pod(image: string, extra: string[] = []): string {
  return yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...extra, '  containers:', `    - image: ${image}`, '      imagePullPolicy: IfNotPresent');
}

function codes(text: string, observation: RegistryObservation): string[] {
  const analysis = analyse(text);
  return registryFindings(analysis.images[0]!, 0, observation, analysis.profile, DEFAULT_SETTINGS).map((finding) => finding.code);
}

const resolved = (tag: ManifestFacts | null, pinned: ManifestFacts | null, authenticated = false): RegistryObservation => ({
  outcome: 'resolved',
  tag,
  pinned,
  authenticated,
  checkedAt: 0,
});

test('failures map to one finding each, with the registry message', () => {
  const analysis = analyse(pod('app:1.0'));
  const [notFound] = registryFindings(analysis.images[0]!, 0, { outcome: 'not-found', message: 'Tag "1.0" not found.', checkedAt: 0 }, 'prod', DEFAULT_SETTINGS);
  assert.equal(notFound?.code, 'image-not-found');
  assert.equal(notFound?.severity, 'error');
  assert.match(notFound?.message ?? '', /Tag "1.0" not found\. .*ImagePullBackOff/);
  assert.deepEqual(codes(pod('app:1.0'), { outcome: 'auth-required', message: 'log in', checkedAt: 0 }), ['registry-auth-required']);
  assert.deepEqual(codes(pod('app:1.0'), { outcome: 'unreachable', message: 'timeout', checkedAt: 0 }), ['registry-unreachable']);
});

test('digest drift: the tag moved away from the pinned digest', () => {
  const pinned: ManifestFacts = { digest: digest(9), isIndex: true, platforms: index.platforms };
  assert.deepEqual(codes(pod(`app:1.0@${digest(9)}`), resolved(index, pinned)), ['digest-drift']);
  assert.deepEqual(codes(pod(`app:1.0@${digest(1)}`), resolved(index, index)), []);
});

test("platform digest: one platform's manifest of the tag's index is pinned", () => {
  const child: ManifestFacts = { digest: digest(3), isIndex: false, platforms: null };
  assert.deepEqual(codes(pod(`app:1.0@${digest(3)}`), resolved(index, child)), ['platform-digest']);
});

test('platform missing: nodeSelector and required node affinity against the index platforms', () => {
  const selector = pod('app:1.0', ['  nodeSelector:', '    kubernetes.io/arch: s390x']);
  assert.deepEqual(codes(selector, resolved(index, null)), ['platform-missing']);
  const fits = pod('app:1.0', ['  nodeSelector: {kubernetes.io/arch: arm64, kubernetes.io/os: linux}']);
  assert.deepEqual(codes(fits, resolved(index, null)), []);
  const affinity = pod('app:1.0', [
    '  affinity:',
    '    nodeAffinity:',
    '      requiredDuringSchedulingIgnoredDuringExecution:',
    '        nodeSelectorTerms:',
    '          - matchExpressions:',
    '              - {key: kubernetes.io/arch, operator: In, values: [amd64, ppc64le]}',
    '              - {key: kubernetes.io/os, operator: In, values: [windows]}',
  ]);
  const analysis = analyse(affinity);
  const [finding] = registryFindings(analysis.images[0]!, 0, resolved(index, null), 'prod', DEFAULT_SETTINGS);
  assert.equal(finding?.code, 'platform-missing');
  assert.match(finding?.message ?? '', /kubernetes\.io\/arch=ppc64le, kubernetes\.io\/os=windows/);
  assert.match(finding?.message ?? '', /linux\/amd64, linux\/arm64\/v8/);
  // Single-platform manifests list no platforms: nothing can be said.
  assert.deepEqual(codes(selector, resolved({ digest: digest(4), isIndex: false, platforms: null }, null)), []);
});

test('missing pull secret only when credentials were needed and the pod names none', () => {
  assert.deepEqual(codes(pod('app:1.0'), resolved(index, null, true)), ['missing-pull-secret']);
  assert.deepEqual(codes(pod('app:1.0', ['  imagePullSecrets: [{name: regcred}]']), resolved(index, null, true)), []);
  assert.deepEqual(codes(pod('app:1.0'), resolved(index, null, false)), []);
});

test('registry codes obey severity settings', () => {
  const analysis = analyse(pod('app:1.0'));
  const settings = { ...DEFAULT_SETTINGS, severities: { 'missing-pull-secret': 'off' as const } };
  assert.deepEqual(registryFindings(analysis.images[0]!, 0, resolved(index, null, true), 'prod', settings), []);
});
