import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkProjectConfig } from '../../../../server/src/core/config/checkProjectConfig';
import { nearestCandidate } from '../../../../server/src/core/config/nearest';
import { parseProjectConfig } from '../../../../server/src/core/projectConfig';

const summary = (text: string) => checkProjectConfig(text).map((problem) => [problem.severity, problem.kind, problem.path, problem.suggestion]);

describe('checkProjectConfig', () => {
  it('accepts the documented forms and empty files', () => {
    for (const text of [
      '',
      '# only a comment\n',
      'defaultProfile: prod\nprofiles:\n  - { pattern: "clusters/eu-prod/**", profile: prod }\nseverity:\n  tag-ignored-with-digest: off\n  mutable-tag: error\nmutableTagPatterns: ["main", "dev-.*"]\nalwaysPullImagesAdmission: false\nexclude: ["vendor/**", "**/*.generated.yaml"]\n',
      'profiles:\n  values-dev.yaml: dev\n  "prod/**": prod\nseverities: { mutable-tag: hint }\n',
    ]) {
      assert.deepEqual(checkProjectConfig(text), [], text);
    }
  });

  it('warns about unknown keys and codes, suggesting the nearest known one', () => {
    assert.deepEqual(summary('defaultProfil: prod\nseverity:\n  mutable-tags: off\n  made-up-rule: error\nhelmChart: x\n'), [
      ['warning', 'unknown-setting', 'defaultProfil', 'defaultProfile'],
      ['warning', 'unknown-rule-code', 'severity.mutable-tags', 'mutable-tag'],
      ['warning', 'unknown-rule-code', 'severity.made-up-rule', undefined],
      ['warning', 'unknown-setting', 'helmChart', undefined],
    ]);
    const [typo] = checkProjectConfig('severity:\n  latest-tag-cahced: error\n');
    assert.equal(typo?.message, 'unknown diagnostic code "latest-tag-cahced" in severity (did you mean "latest-tag-cached"?)');
    assert.deepEqual(typo?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 19 } });
  });

  it('reports wrong types and values as errors naming the path, at the value', () => {
    const problems = checkProjectConfig(
      'defaultProfile: production\nprofiles:\n  - { pattern: "", profile: qa }\n  - pattern: x\nseverity:\n  mutable-tag: loud\nmutableTagPatterns: ["(", 3]\nalwaysPullImagesAdmission: "yes"\n',
    );
    assert.deepEqual(
      problems.map((problem) => [problem.severity, problem.path, problem.message]),
      [
        ['error', 'defaultProfile', 'defaultProfile must be one of dev, staging, prod, not "production"'],
        ['error', 'profiles[0].pattern', 'profiles[0].pattern must not be empty'],
        ['error', 'profiles[0].profile', 'profiles[0].profile must be one of dev, staging, prod, not "qa"'],
        ['error', 'profiles[1]', 'profiles[1] needs profile'],
        ['error', 'severity.mutable-tag', 'severity.mutable-tag must be one of error, warning, info, hint, off, not "loud"'],
        ['error', 'mutableTagPatterns[0]', 'mutableTagPatterns[0] is not a valid regular expression: "("'],
        ['error', 'mutableTagPatterns[1]', 'mutableTagPatterns[1] must be a string'],
        ['error', 'alwaysPullImagesAdmission', 'alwaysPullImagesAdmission must be true or false'],
      ],
    );
    assert.deepEqual(problems[0]?.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 26 } });
    assert.deepEqual(summary('profiles: 3\n'), [['error', 'invalid-setting', 'profiles', undefined]]);
    assert.deepEqual(summary('- a\n'), [['error', 'invalid-setting', '', undefined]]);
    assert.deepEqual(summary('a: [\n'), [['error', 'yaml-syntax', '', undefined]]);
    assert.deepEqual(summary('severity: {}\nseverity: {}\n'), [['error', 'yaml-syntax', '', undefined]]);
  });

  it('finds an error exactly when the settings reader rejects the file', () => {
    // The reader (projectConfig.ts) decides what the CLI refuses; the checker must agree on every value.
    const cases = [
      'defaultProfile: dev\n',
      'defaultProfile: 3\n',
      'defaultProfile: Prod\n',
      'profiles: []\n',
      'profiles: [{ pattern: a, profile: dev }]\n',
      'profiles: [{ pattern: a }]\n',
      'profiles: [{ profile: dev }]\n',
      'profiles: { a: dev, b: stage }\n',
      'profiles: "a"\n',
      'severity: { mutable-tag: off }\n',
      'severity: { mutable-tag: true }\n',
      'severity: []\n',
      'severities: { digest-drift: Error }\n',
      'mutableTagPatterns: "main"\n',
      'mutableTagPatterns: ["main", "[a-"]\n',
      'mutableTagPatterns: [1]\n',
      'alwaysPullImagesAdmission: true\n',
      'alwaysPullImagesAdmission: 1\n',
      'alwaysPullImagesAdmission: yes\n',
    ];
    for (const text of cases) {
      const checkerRejects = checkProjectConfig(text).some((problem) => problem.severity === 'error');
      const readerRejects = parseProjectConfig(text).errors.length > 0;
      assert.equal(checkerRejects, readerRejects, text);
    }
  });
});

describe('nearestCandidate', () => {
  const codes = ['mutable-tag', 'latest-tag-cached', 'never-pull-policy', 'digest-drift'];
  it('suggests only what is a plausible typo', () => {
    assert.equal(nearestCandidate('mutable-tags', codes), 'mutable-tag');
    assert.equal(nearestCandidate('Mutable-Tag', codes), 'mutable-tag');
    assert.equal(nearestCandidate('latest-tag-cahced', codes), 'latest-tag-cached');
    assert.equal(nearestCandidate('digest_drift', codes), 'digest-drift');
    assert.equal(nearestCandidate('drift', codes), undefined);
    assert.equal(nearestCandidate('unrelated-rule', codes), undefined);
  });
});
