/**
 * Hover over the wire: on the image and on `imagePullPolicy`, the effective
 * policy, whether it was defaulted and the rule behind it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from './harness/lspClient';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, lines, positionIn, rangeOf } from './harness/text';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const server = useSharedServer();

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

async function openAndWait(name: string, text: string): Promise<string> {
  const uri = fileUri(name);
  await server().open(uri, text);
  await server().waitForCurrentDiagnostics(uri);
  return uri;
}

interface DefaultCase {
  image: string;
  effective: 'Always' | 'IfNotPresent';
  /** A phrase of the rule's explanation. */
  because: RegExp;
}

const defaults: DefaultCase[] = [
  { image: 'nginx', effective: 'Always', because: /no tag and no digest/ },
  { image: 'nginx:latest', effective: 'Always', because: /tag is "latest"/ },
  { image: 'nginx:1.25', effective: 'IfNotPresent', because: /tag "1\.25" is not "latest"/ },
  // The kubelet's parser keeps the tag next to a digest, so `latest` still defaults to Always.
  { image: `nginx:latest@${DIGEST}`, effective: 'Always', because: /tag is "latest"/ },
  { image: `nginx@${DIGEST}`, effective: 'IfNotPresent', because: /pinned by digest/ },
  { image: `registry.example.com:5000/team/app@${DIGEST}`, effective: 'IfNotPresent', because: /pinned by digest/ },
  { image: 'localhost:5000/app', effective: 'Always', because: /no tag and no digest/ },
];

describe('hover', () => {
  for (const { image, effective, because } of defaults) {
    test(`image ${image.replace(DIGEST, 'sha256:…')} without a policy → ${effective} (defaulted)`, async () => {
      const text = deployment(image, null);
      const uri = await openAndWait('hover.yaml', text);
      const hover = await server().hover(uri, positionIn(text, image, 2));
      const value = markdown(hover);
      assert.match(value, new RegExp(`Pull policy: \`${effective}\`\\*\\* \\(defaulted\\)`));
      assert.match(value, because);
      assert.deepEqual(hover?.range, rangeOf(text, image));
    });
  }

  test('hover on the imagePullPolicy key and value shows the explicit policy', async () => {
    const text = deployment('nginx:1.25', 'IfNotPresent');
    const uri = await openAndWait('explicit.yaml', text);
    for (const position of [positionIn(text, 'imagePullPolicy', 3), positionIn(text, 'IfNotPresent', 4)]) {
      const value = markdown(await server().hover(uri, position));
      assert.match(value, /Pull policy: `IfNotPresent`\*\* \(explicit\)/);
      assert.match(value, /Set explicitly/);
    }
  });

  test('hover on a mutable tag with IfNotPresent explains the stale cache', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent');
    const uri = await openAndWait('stale.yaml', text);
    const value = markdown(await server().hover(uri, positionIn(text, 'nginx:latest', 0)));
    assert.match(value, /IfNotPresent/);
    assert.match(value, /not\*\* picked up/);
  });

  test('hover on an invalid policy says so', async () => {
    const text = deployment('nginx:1.25', '"always"');
    const uri = await openAndWait('invalid.yaml', text);
    const value = markdown(await server().hover(uri, positionIn(text, 'always', 2)));
    assert.match(value, /"always" is not a valid pull policy/);
  });

  test('hover away from images answers null', async () => {
    const text = deployment('nginx:1.25', 'IfNotPresent');
    const uri = await openAndWait('elsewhere.yaml', text);
    assert.equal(await server().hover(uri, positionIn(text, 'Deployment', 2)), null);
    assert.equal(await server().hover(uri, { line: 400, character: 3 }), null);
  });

  test('hover in a flow-style CRLF document', async () => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec: {containers: [{name: a, image: "nginx@' + DIGEST + '"}]}', '').replace(
      /\n/g,
      '\r\n',
    );
    const uri = await openAndWait('flow.yaml', text);
    const value = markdown(await server().hover(uri, positionIn(text, 'nginx@', 1)));
    assert.match(value, /Pull policy: `IfNotPresent`\*\* \(defaulted\)/);
  });
});

describe('hover with alwaysPullImagesAdmission', () => {
  let admission: LspClient;
  before(async () => {
    admission = LspClient.start({ settings: { alwaysPullImagesAdmission: true } });
    await admission.initialize();
  });
  after(async () => {
    assert.ok(admission.alive);
    await admission.dispose();
  });

  test('the admission plugin is explained and forces Always', async () => {
    const text = deployment('nginx:1.25', 'IfNotPresent');
    const uri = fileUri('admission.yaml');
    await admission.open(uri, text);
    const published = await admission.waitForCurrentDiagnostics(uri);
    // With Always forced, an IfNotPresent cache problem cannot happen.
    assert.ok(!published.diagnostics.some((d) => d.code === 'latest-tag-cached'));
    const value = markdown(await admission.hover(uri, positionIn(text, 'nginx:1.25', 1)));
    assert.match(value, /Pull policy: `Always`\*\* \(forced by admission\)/);
    assert.match(value, /AlwaysPullImages admission plugin/);
  });
});
