import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesForImage, safeFixes } from '../../../server/src/core/fixes';
import type { TextEditData } from '../../../server/src/core/fixes';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { analyse, deployment, yaml } from './fixtures';

function apply(text: string, edits: TextEditData[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///a.yaml', 'yaml', 1, text), edits);
}

function fix(text: string, titlePattern: RegExp, imageIndex = 0): string {
  const analysis = analyse(text);
  const proposal = fixesForImage(analysis, imageIndex, DEFAULT_SETTINGS).find((candidate) => titlePattern.test(candidate.title));
  assert.ok(proposal, `no fix matching ${titlePattern}`);
  return apply(text, proposal.edits);
}

test('invalid policy case fix keeps quotes and touches nothing else', () => {
  const text = deployment('nginx:1.25', '"always"   # keep this comment');
  assert.equal(fix(text, /Change imagePullPolicy to Always/), text.replace('"always"', '"Always"'));
});

test('setting the policy explicitly inserts a line with the image key indentation', () => {
  const text = deployment('nginx:1.25');
  assert.equal(fix(text, /explicitly/), text.replace('image: nginx:1.25\n', 'image: nginx:1.25\n          imagePullPolicy: IfNotPresent\n'));
});

test('insertion keeps CRLF line endings and trailing comments', () => {
  const text = deployment('nginx # the web server').replace(/\n/g, '\r\n');
  const fixed = fix(text, /explicitly/);
  assert.equal(fixed, text.replace('image: nginx # the web server\r\n', 'image: nginx # the web server\r\n          imagePullPolicy: Always\r\n'));
});

test('a file whose lines end with a lone CR is analysed, and insertion keeps the CR', () => {
  const text = deployment('nginx:1.25').replace(/\n/g, '\r');
  assert.equal(fix(text, /explicitly/), text.replace('image: nginx:1.25\r', 'image: nginx:1.25\r          imagePullPolicy: IfNotPresent\r'));
});

test('insertion into a list item written as `- image:` uses the key column', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', '  - image: nginx:1.25', '    name: web');
  assert.equal(fix(text, /explicitly/), text.replace('- image: nginx:1.25\n', '- image: nginx:1.25\n    imagePullPolicy: IfNotPresent\n'));
});

test('insertion into a flow map adds `, imagePullPolicy: …` after the quoted image', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  containers: [{name: web, image: "nginx:1.25"}]');
  assert.equal(fix(text, /explicitly/), text.replace('image: "nginx:1.25"}', 'image: "nginx:1.25", imagePullPolicy: IfNotPresent}'));
});

test('an empty `imagePullPolicy:` gets a value with a separating space', () => {
  const text = deployment('nginx:1.25', '').replace('imagePullPolicy: \n', 'imagePullPolicy:\n');
  assert.equal(fix(text, /explicitly/), text.replace('imagePullPolicy:\n', 'imagePullPolicy: IfNotPresent\n'));
});

test('latest-tag-cached offers switching to Always', () => {
  const text = deployment('nginx:latest', 'IfNotPresent');
  assert.equal(fix(text, /Set imagePullPolicy to Always/), text.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always'));
});

test('fix-all applies only the safe case corrections', () => {
  const text = [deployment('nginx:1.25', 'always'), deployment('nginx:latest', 'IfNotPresent'), deployment('redis:7', 'NEVER')].join('---\n');
  const fixed = apply(text, safeFixes(analyse(text), DEFAULT_SETTINGS));
  assert.equal(fixed, text.replace('imagePullPolicy: always', 'imagePullPolicy: Always').replace('imagePullPolicy: NEVER', 'imagePullPolicy: Never'));
});

test('templated images get no fixes', () => {
  const text = deployment('"{{ .Values.image }}"');
  assert.deepEqual(fixesForImage(analyse(text), 0, DEFAULT_SETTINGS), []);
});
