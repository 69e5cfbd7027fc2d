import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileAnalyzer, analyzeText } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { analyse, deployment } from './fixtures';

const codes = (text: string, ...args: Parameters<typeof analyse> extends [string, ...infer R] ? R : never) =>
  analyse(text, ...args).findings.map((finding) => `${finding.code}:${finding.severity}`);

test('latest-tag-cached: latest or untagged with explicit IfNotPresent, severity by profile', () => {
  assert.deepEqual(codes(deployment('nginx:latest', 'IfNotPresent'), {}, { profileOverride: 'dev' }), ['latest-tag-cached:info']);
  assert.deepEqual(codes(deployment('nginx', 'IfNotPresent'), {}, { profileOverride: 'staging' }), ['latest-tag-cached:warning']);
  assert.deepEqual(codes(deployment('nginx:latest', 'IfNotPresent'), {}, { profileOverride: 'prod' }), ['latest-tag-cached:error']);
});

test('a digest makes the tag irrelevant: no mutable-tag findings, but the ignored tag is noted', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  assert.deepEqual(codes(deployment(`nginx:latest@${digest}`, 'IfNotPresent'), {}, { profileOverride: 'prod' }), ['tag-ignored-with-digest:info']);
  assert.deepEqual(codes(deployment(`nginx@${digest}`), {}, { profileOverride: 'prod' }), []);
});

test('always-pull-latest-prod only in prod; mutable-tag in staging; nothing in dev', () => {
  assert.deepEqual(codes(deployment('nginx'), {}, { profileOverride: 'prod' }), ['always-pull-latest-prod:error']);
  assert.deepEqual(codes(deployment('nginx:latest', 'Always'), {}, { profileOverride: 'staging' }), ['mutable-tag:warning']);
  assert.deepEqual(codes(deployment('nginx:latest', 'Always'), {}, { profileOverride: 'dev' }), []);
});

test('never-pull-policy outside dev, on the policy value', () => {
  const analysis = analyse(deployment('app:1.0', 'Never'), {}, { profileOverride: 'prod' });
  assert.deepEqual(
    analysis.findings.map((finding) => [finding.code, finding.range.start.line, finding.range.start.character]),
    [['never-pull-policy', 10, 27]],
  );
  assert.deepEqual(codes(deployment('app:1.0', 'Never'), {}, { profileOverride: 'dev' }), []);
});

test('mutableTagPatterns make branch tags behave like latest (whole-tag regex)', () => {
  const settings = { mutableTagPatterns: ['main', 'dev-.*'] };
  assert.deepEqual(codes(deployment('app:main'), settings, { profileOverride: 'staging' }), ['latest-tag-cached:warning']);
  assert.deepEqual(codes(deployment('app:dev-42', 'IfNotPresent'), settings, { profileOverride: 'staging' }), ['latest-tag-cached:warning']);
  assert.deepEqual(codes(deployment('app:maintenance'), settings, { profileOverride: 'staging' }), []);
});

test('every severity is configurable, including off', () => {
  assert.deepEqual(codes(deployment('nginx:latest', 'IfNotPresent'), { severities: { 'latest-tag-cached': 'hint' } }, { profileOverride: 'prod' }), ['latest-tag-cached:hint']);
  assert.deepEqual(codes(deployment('nginx:latest', 'IfNotPresent'), { severities: { 'latest-tag-cached': 'off' } }, { profileOverride: 'prod' }), []);
});

test('invalid policies and references are errors with actionable messages', () => {
  const analysis = analyse(deployment('nginx:1.25', '"ifnotpresent"'));
  assert.equal(analysis.findings[0]?.code, 'invalid-pull-policy');
  assert.match(analysis.findings[0]?.message ?? '', /did you mean IfNotPresent\?/);
  const invalid = analyse(deployment('nginx:1.25:2'));
  assert.equal(invalid.findings[0]?.code, 'invalid-image-reference');
  assert.match(invalid.findings[0]?.message ?? '', /InvalidImageName/);
});

test('AlwaysPullImages admission removes the cached-latest risk', () => {
  assert.deepEqual(codes(deployment('nginx:latest', 'IfNotPresent'), { alwaysPullImagesAdmission: true }, { profileOverride: 'staging' }), ['mutable-tag:warning']);
});

test('profile: override > comment > user pattern > built-in pattern > default', () => {
  const text = deployment('nginx:1.25');
  assert.equal(analyse(text, {}, { path: 'deploy/values-prod.yaml' }).profile, 'prod');
  assert.equal(analyse(text, {}, { path: 'overlays/production/app.yaml' }).profile, 'prod');
  assert.equal(analyse(text, {}, { path: 'kind/app.yaml' }).profile, 'dev');
  assert.equal(analyse(text, {}, { path: 'app.yaml' }).profileSource, 'default');
  assert.equal(analyse(text, { profiles: [{ pattern: 'clusters/eu/**', profile: 'prod' }] }, { path: 'clusters/eu/dev-app.yaml' }).profile, 'prod');
  const withComment = `# kube-image-lens: profile=dev\n${text}`;
  assert.deepEqual([analyse(withComment, {}, { path: 'prod/app.yaml' }).profile, analyse(withComment, {}, { path: 'prod/app.yaml' }).profileSource], ['dev', 'comment']);
  assert.equal(analyse(withComment, {}, { path: 'prod/app.yaml', profileOverride: 'staging' }).profile, 'staging');
});

test('suppression comments: next line with codes and reason, file-wide, and typos suppress nothing', () => {
  const base = deployment('nginx:latest', 'IfNotPresent');
  const lines = base.split('\n');
  const nextLine = [...lines.slice(0, 9), '          # kube-image-lens-disable-next-line latest-tag-cached -- loaded by kind in CI', ...lines.slice(9)].join('\n');
  assert.deepEqual(codes(nextLine, {}, { profileOverride: 'prod' }), []);
  const otherCode = nextLine.replace('latest-tag-cached --', 'mutable-tag --');
  assert.deepEqual(codes(otherCode, {}, { profileOverride: 'prod' }), ['latest-tag-cached:error']);
  const typo = nextLine.replace('latest-tag-cached --', 'latest-tag-cachd --');
  assert.deepEqual(codes(typo, {}, { profileOverride: 'prod' }), ['latest-tag-cached:error']);
  const fileWide = `${base}# kube-image-lens-disable -- demo manifests\n`;
  assert.deepEqual(codes(fileWide, {}, { profileOverride: 'prod' }), []);
});

test('incremental re-analysis reuses unchanged documents and matches a fresh analysis', () => {
  const docs = Array.from({ length: 5 }, (_, i) => deployment(`app:${i}`, i % 2 ? 'IfNotPresent' : undefined));
  const options = { path: 'a.yaml', settings: DEFAULT_SETTINGS };
  const analyzer = new FileAnalyzer();
  analyzer.analyze(docs.join('---\n'), options);
  const edited = [...docs.slice(0, 2), deployment('app:latest', 'IfNotPresent'), ...docs.slice(3)].join('---\n');
  assert.deepEqual(analyzer.analyze(edited, options), analyzeText(edited, options));
  const inserted = `# a new first line\n${edited}`;
  assert.deepEqual(analyzer.analyze(inserted, options), analyzeText(inserted, options));
});
