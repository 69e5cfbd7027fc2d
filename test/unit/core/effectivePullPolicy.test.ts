import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectivePullPolicy } from '../../../server/src/core/policy/effectivePullPolicy';
import type { WrittenPolicy } from '../../../server/src/core/policy/effectivePullPolicy';
import { parseImageReference } from '../../../server/src/core/reference/parseReference';
import { parseKubeletImageName } from '../reference/kubeletImageName';

const absent: WrittenPolicy = { kind: 'absent' };
const noAdmission = { alwaysPullImagesAdmission: false };
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

// The cases of Kubernetes' TestSetDefaultImagePullPolicy (pkg/apis/core/v1/defaults_test.go),
// plus the edge cases SetDefaults_Container's use of parsers.ParseImageName implies.
const defaults: Array<[string, 'Always' | 'IfNotPresent', string]> = [
  ['docker.io/busybox', 'Always', 'default-no-tag'],
  ['docker.io/busybox:latest', 'Always', 'default-latest-tag'],
  ['docker.io/busybox:foo', 'IfNotPresent', 'default-other-tag'],
  [`docker.io/busybox@${digest}`, 'IfNotPresent', 'default-digest'],
  [`docker.io/busybox:latest@${digest}`, 'Always', 'default-latest-tag'],
  [`docker.io/busybox:foo@${digest}`, 'IfNotPresent', 'default-other-tag'],
  ['nginx', 'Always', 'default-no-tag'],
  ['localhost:5000/app', 'Always', 'default-no-tag'],
  ['localhost:5000', 'IfNotPresent', 'default-other-tag'],
  ['registry.example.com:5000/team/app:1.2', 'IfNotPresent', 'default-other-tag'],
  ['nginx:Latest', 'IfNotPresent', 'default-other-tag'],
  ['Nginx:latest', 'IfNotPresent', 'default-unparsable'],
  ['', 'IfNotPresent', 'default-unparsable'],
  ['nginx:', 'IfNotPresent', 'default-unparsable'],
  [`nginx@sha256:${'0'.repeat(63)}`, 'IfNotPresent', 'default-unparsable'],
];

for (const [image, expected, rule] of defaults) {
  test(`defaulting: "${image}" → ${expected} (${rule})`, () => {
    const result = effectivePullPolicy(parseImageReference(image), absent, noAdmission);
    assert.equal(result.effective, expected);
    assert.equal(result.rule, rule);
    assert.equal(result.defaulted, true);
    assert.equal(result.explicit, null);
    // Cross-check with the port of the kubelet's ParseImageName, which the API server calls.
    const kubelet = parseKubeletImageName(image);
    const kubeletDefault = 'error' in kubelet ? 'IfNotPresent' : kubelet.tag === 'latest' ? 'Always' : 'IfNotPresent';
    assert.equal(kubeletDefault, expected);
  });
}

test('an empty string policy counts as unset and says so', () => {
  const result = effectivePullPolicy(parseImageReference('nginx:latest'), { kind: 'string', value: '' }, noAdmission);
  assert.equal(result.effective, 'Always');
  assert.equal(result.defaulted, true);
  assert.equal(result.explicit, '');
  assert.match(result.explanation, /empty string/);
});

for (const value of ['Always', 'IfNotPresent', 'Never'] as const) {
  test(`explicit ${value} is kept whatever the tag`, () => {
    const result = effectivePullPolicy(parseImageReference('nginx:latest'), { kind: 'string', value }, noAdmission);
    assert.deepEqual([result.effective, result.defaulted, result.rule], [value, false, 'explicit']);
  });
}

for (const value of ['always', 'ifnotpresent', 'IFNOTPRESENT', 'never ', 'Sometimes']) {
  test(`invalid explicit "${value}" has no effective policy`, () => {
    const result = effectivePullPolicy(parseImageReference('nginx:1.25'), { kind: 'string', value }, noAdmission);
    assert.equal(result.effective, null);
    assert.equal(result.rule, 'invalid-explicit');
    assert.match(result.explanation, /Unsupported|not a valid/);
  });
}

test('a non-string policy (a YAML number or boolean) is invalid', () => {
  const result = effectivePullPolicy(parseImageReference('nginx'), { kind: 'non-string', source: 'true' }, noAdmission);
  assert.equal(result.effective, null);
  assert.equal(result.rule, 'invalid-explicit');
});

test('AlwaysPullImages admission makes every policy Always and explains why', () => {
  for (const written of [absent, { kind: 'string', value: 'Never' } as WrittenPolicy, { kind: 'string', value: 'IfNotPresent' } as WrittenPolicy]) {
    const result = effectivePullPolicy(parseImageReference('nginx:1.25'), written, { alwaysPullImagesAdmission: true });
    assert.equal(result.effective, 'Always');
    assert.equal(result.rule, 'admission-always-pull');
    assert.match(result.explanation, /AlwaysPullImages/);
  }
});
