import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKubeletImageName } from './kubeletImageName';

const E3B0 = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// kubernetes pkg/util/parsers/parsers_test.go TestParseImageName.
const cases: Array<{ input: string; repo?: string; tag?: string; digest?: string; expectedError?: string }> = [
  { input: 'root', repo: 'docker.io/library/root', tag: 'latest' },
  { input: 'root:tag', repo: 'docker.io/library/root', tag: 'tag' },
  { input: `root@${E3B0}`, repo: 'docker.io/library/root', digest: E3B0 },
  { input: 'user/repo', repo: 'docker.io/user/repo', tag: 'latest' },
  { input: 'user/repo:tag', repo: 'docker.io/user/repo', tag: 'tag' },
  { input: `user/repo@${E3B0}`, repo: 'docker.io/user/repo', digest: E3B0 },
  { input: 'url:5000/repo', repo: 'url:5000/repo', tag: 'latest' },
  { input: 'url:5000/repo:tag', repo: 'url:5000/repo', tag: 'tag' },
  { input: `url:5000/repo@${E3B0}`, repo: 'url:5000/repo', digest: E3B0 },
  { input: `url:5000/repo:latest@${E3B0}`, tag: 'latest', repo: 'url:5000/repo', digest: E3B0 },
  { input: 'ROOT', expectedError: 'must be lowercase' },
  { input: 'http://root', expectedError: 'invalid reference format' },
  { input: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', expectedError: 'cannot specify 64-byte hexadecimal strings' },
];

for (const tc of cases) {
  test(`TestParseImageName ${tc.input}`, () => {
    const result = parseKubeletImageName(tc.input);
    if (tc.expectedError !== undefined) {
      assert.ok('error' in result && result.error.includes(tc.expectedError), JSON.stringify(result));
    } else {
      assert.deepEqual(result, { repository: tc.repo, tag: tc.tag ?? '', digest: tc.digest ?? '' });
    }
  });
}

// The full error texts: `couldn't parse image name %q: %v`.
const errorCases: Array<[input: string, error: string]> = [
  ['', `couldn't parse image name "": invalid reference format`],
  ['ROOT', `couldn't parse image name "ROOT": invalid reference format: repository name (library/ROOT) must be lowercase`],
  ['nginx:1.25\n', `couldn't parse image name "nginx:1.25\\n": invalid reference format`],
  ['a"b\\c\t\x7f\u00a0é\u{1F433}', `couldn't parse image name "a\\"b\\\\c\\t\\x7f\\u00a0é\u{1F433}": invalid reference format`],
  ['\u200b\u{E0001}\ud800', `couldn't parse image name "\\u200b\\U000e0001\ufffd": invalid reference format`],
];

for (const [input, error] of errorCases) {
  test(`ParseImageName error text for ${JSON.stringify(input)}`, () => {
    assert.deepEqual(parseKubeletImageName(input), { error });
  });
}

test('an uppercase tag is not "latest"', () => {
  assert.deepEqual(parseKubeletImageName('nginx:LATEST'), { repository: 'docker.io/library/nginx', tag: 'LATEST', digest: '' });
});
