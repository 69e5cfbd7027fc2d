/**
 * Helm navigation over the wire: go to definition from `include` to the `define` in a
 * library subchart and from `.Values.a.b` to every values file setting it; find references
 * from a values key (also of a subchart under its alias) and from a `define` name. Open
 * documents are read from the editor, so an unsaved edit is seen at once.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Location, LocationLink } from 'vscode-languageserver-protocol';
import { LspClient } from './harness/lspClient';
import { indexOf, positionAt, positionIn, tempWorkspace } from './harness/text';

const FIXTURE = path.resolve(__dirname, '../fixtures/helm/navigation');

describe('Helm navigation in the language server', () => {
  const workspace = tempWorkspace('kil-helm-nav-');
  let client: LspClient;
  const uri = (file: string): string => workspace.uri(`shop/${file}`);
  const text = (file: string): string => readFileSync(path.join(workspace.dir, 'shop', file), 'utf8');
  /** `needle` inside the `occurrence`-th `context` of `file`, as a location. */
  const part = (file: string, context: string, needle = context, occurrence = 0): Location => {
    const start = indexOf(text(file), context, occurrence) + context.indexOf(needle);
    return { uri: uri(file), range: { start: positionAt(text(file), start), end: positionAt(text(file), start + needle.length) } };
  };
  const key = (file: string, name: string, occurrence = 0): Location => part(file, `${name}:`, name, occurrence);
  const plain = (locations: Array<Location | LocationLink>) =>
    locations.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const sorted = (locations: Location[]) => plain(locations);

  const DEPLOYMENT = 'templates/deployment.yaml';
  const CRONJOB = 'charts/worker/templates/cronjob.yaml';

  before(async () => {
    cpSync(FIXTURE, path.join(workspace.dir, 'shop'), { recursive: true });
    writeFileSync(path.join(workspace.dir, 'plain.yaml'), 'image: {{ include "shop.fullname" . }}\n');
    client = LspClient.start();
    const initialized = await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'ws' }] });
    assert.equal(initialized.capabilities.definitionProvider, true);
    assert.equal(initialized.capabilities.referencesProvider, true);
    for (const file of [DEPLOYMENT, CRONJOB]) {
      await client.open(uri(file), text(file), 'helm');
    }
    await client.open(uri('values.yaml'), text('values.yaml'));
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  test('include goes to the define in the library subchart', async () => {
    const found = await client.definition(uri(DEPLOYMENT), positionIn(text(DEPLOYMENT), 'common.images.image', 4));
    assert.deepEqual(plain(found), [part('charts/common/templates/_images.tpl', 'common.images.image', 'common.images.image', 1)]);
  });

  test('.Values.image goes to image in values.yaml and in each environment file', async () => {
    const found = await client.definition(uri(DEPLOYMENT), positionIn(text(DEPLOYMENT), '.Values.image "global"', 9));
    assert.deepEqual(plain(found), sorted([key('values.yaml', 'image'), key('values-prod.yaml', 'image'), key('values/staging.yaml', 'image')]));
  });

  test('a subchart template: its own values.yaml and the parent key under the alias', async () => {
    const found = await client.definition(uri(CRONJOB), positionIn(text(CRONJOB), '.Values.image.tag', 15));
    assert.deepEqual(plain(found), sorted([key('charts/worker/values.yaml', 'tag'), key('values.yaml', 'tag', 1), key('values/staging.yaml', 'tag', 1)]));
  });

  test('references of a values key, including an unsaved read in an open template', async () => {
    const jobsTag = positionIn(text('values.yaml'), 'tag', 1, 1);
    assert.deepEqual(plain(await client.references(uri('values.yaml'), jobsTag)), [part(CRONJOB, '.Values.image.tag', 'tag')]);
    const edited = `${text(CRONJOB)}# {{ $.Values.image.tag }}\n`;
    await client.change(uri(CRONJOB), 2, [{ text: edited }]);
    const afterEdit = plain(await client.references(uri('values.yaml'), jobsTag, true));
    const editedAt = indexOf(edited, '$.Values.image.tag') + '$.Values.image.'.length;
    assert.deepEqual(
      afterEdit,
      sorted([key('values.yaml', 'tag', 1), part(CRONJOB, '.Values.image.tag', 'tag'), { uri: uri(CRONJOB), range: { start: positionAt(edited, editedAt), end: positionAt(edited, editedAt + 3) } }]),
    );
  });

  test('references of a define name from a template call', async () => {
    const found = await client.references(uri(DEPLOYMENT), positionIn(text(DEPLOYMENT), 'shop.labels', 2), true);
    assert.deepEqual(plain(found), sorted([part('templates/_helpers.tpl', 'shop.labels'), part(DEPLOYMENT, 'shop.labels')]));
  });

  test('outside a chart, nothing', async () => {
    const plainUri = workspace.uri('plain.yaml');
    await client.open(plainUri, readFileSync(path.join(workspace.dir, 'plain.yaml'), 'utf8'));
    assert.deepEqual(await client.definition(plainUri, { line: 0, character: 22 }), []);
    assert.deepEqual(await client.references(plainUri, { line: 0, character: 22 }), []);
  });
});
