import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverMarkdown } from '../../../server/src/core/hover';
import type { Profile } from '../../../server/src/core/model';
import { RULE_CODES, RULES } from '../../../server/src/core/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { analyse, deployment } from './fixtures';

// Paths from the field test (issue 11): whole words of the path decide, never a word that merely contains one.
const PATHS: Array<[string, Profile | 'default']> = [
  ['overlays/prod/deployment.yaml', 'prod'],
  // The paths the kustomize and Helm environments pass (core/kustomize/environment.ts, core/helm/environments.ts).
  ['overlays/prod/kustomization.yaml', 'prod'],
  ['values-prod.yaml', 'prod'],
  ['deploy/values-prod.yaml', 'prod'],
  ['envs/production/app.yaml', 'prod'],
  ['clusters/Prod_EU/app.yaml', 'prod'],
  ['release/kubernetes-manifests/productcatalogservice.yaml', 'default'],
  ['release/kubernetes-manifests/adservice.yaml', 'default'],
  ['samples/bookinfo/productpage.yaml', 'default'],
  ['examples/producer-consumer.yaml', 'default'],
  ['stefanprodan__podinfo/kustomize/deployment.yaml', 'default'],
  ['examples/localize/deployment.yaml', 'default'],
  ['overlays/staging/app.yaml', 'staging'],
  ['overlays/stg/app.yaml', 'staging'],
  ['deploy/values-dev.yml', 'dev'],
  ['kind/config.yaml', 'dev'],
  ['local/app.yaml', 'dev'],
  ['devices/app.yaml', 'default'],
  ['kindness/app.yaml', 'default'],
];

for (const [path, expected] of PATHS) {
  test(`built-in profile words: ${path} → ${expected}`, () => {
    // A default that no built-in word yields, so a wrong match cannot hide behind it.
    const analysis = analyse(deployment('nginx:1.25'), { defaultProfile: 'staging' }, { path });
    if (expected === 'default') {
      assert.equal(analysis.profileSource, 'default', analysis.profileReason);
    } else {
      assert.equal(analysis.profileSource, 'pattern');
      assert.equal(analysis.profile, expected);
    }
  });
}

test('the reason names the rule that chose the profile, and the hover shows it', () => {
  const text = deployment('nginx:1.25');
  assert.equal(analyse(text, {}, { path: 'overlays/prod/app.yaml' }).profileReason, 'the path has the word `prod` (built-in rule)');
  const byPattern = analyse(text, { profiles: [{ pattern: 'clusters/eu/**', profile: 'prod' }] }, { path: 'clusters/eu/dev-app.yaml' });
  assert.equal(byPattern.profileReason, 'the path matches the pattern `clusters/eu/**` of the settings');
  const byComment = analyse(`# kube-image-lens: profile=dev\n${text}`, {}, { path: 'prod/app.yaml' });
  assert.equal(byComment.profileReason, 'set by a comment in this file');
  const [image] = byPattern.images;
  assert.ok(image);
  assert.match(hoverMarkdown(byPattern, image, DEFAULT_SETTINGS), /\*\*Profile `prod`\*\* \(the path matches the pattern `clusters\/eu\/\*\*` of the settings\)/);
});

test('messages name the prod profile one way: "in prod", never "in production"', () => {
  const prod = analyse(deployment('nginx:latest', 'Always'), {}, { profileOverride: 'prod' });
  assert.match(prod.findings.find((finding) => finding.code === 'always-pull-latest-prod')?.message ?? '', / in prod: /);
  for (const code of RULE_CODES) {
    const { title, description } = RULES[code];
    assert.doesNotMatch(`${title} ${description}`, /production/i, code);
  }
  for (const finding of prod.findings) {
    assert.doesNotMatch(finding.message, /production/i);
  }
});
