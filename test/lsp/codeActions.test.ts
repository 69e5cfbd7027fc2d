/**
 * Code actions and completion over the wire. Edits are applied to the text the
 * client holds and the resulting TEXT is compared byte for byte.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeAction, Range } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import { applyEdits, editsFor, isCodeAction } from './harness/lspClient';
import { useSharedServer } from './harness/sharedServer';
import { deployment, fileUri, lines, rangeOf } from './harness/text';

const server = useSharedServer();

async function openAndWait(name: string, text: string): Promise<string> {
  const uri = fileUri(name);
  await server().open(uri, text);
  await server().waitForCurrentDiagnostics(uri);
  return uri;
}

async function actionsAt(uri: string, range: Range, only?: string[]): Promise<CodeAction[]> {
  const actions = await server().codeActions(uri, range, only);
  return actions.filter(isCodeAction);
}

function find(actions: CodeAction[], title: RegExp): CodeAction {
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action, `no action matching ${title}; got ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

function apply(uri: string, text: string, action: CodeAction): string {
  const edits = editsFor(action.edit, uri);
  assert.ok(edits.length > 0, `action "${action.title}" has no edits for ${uri}`);
  return applyEdits(text, edits);
}

/** Applies the action through didChange (as an editor does) and returns the new diagnostics. */
async function applyInEditor(uri: string, action: CodeAction) {
  const edits = editsFor(action.edit, uri);
  // LSP edits are relative to the original text: send them back to front so earlier ones stay valid.
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  await server().change(
    uri,
    server().version(uri) + 1,
    sorted.map((edit) => ({ range: edit.range, text: edit.newText })),
  );
  return server().waitForCurrentDiagnostics(uri);
}

describe('quick fixes for an invalid policy', () => {
  for (const [written, fixed] of [
    ['always', 'Always'],
    ['"always"', '"Always"'],
    ["'ifnotpresent'", "'IfNotPresent'"],
    ['NEVER', 'Never'],
  ] as const) {
    test(`${written} → ${fixed}: only that spot changes, quoting kept`, async () => {
      const text = deployment('nginx:1.25', written);
      const uri = await openAndWait('invalid.yaml', text);
      const diagnostics = server().lastPublish(uri)?.diagnostics ?? [];
      const invalid = diagnostics.find((d) => d.code === 'invalid-pull-policy');
      assert.ok(invalid, JSON.stringify(diagnostics));
      const actions = await actionsAt(uri, invalid.range);
      const canonical = fixed.replace(/["']/g, '');
      const action = find(actions, new RegExp(`^Change imagePullPolicy to ${canonical}$`));
      assert.equal(action.kind, 'quickfix');
      assert.equal(action.isPreferred, true);
      assert.deepEqual(
        action.diagnostics?.map((d) => d.code),
        ['invalid-pull-policy'],
      );
      const result = apply(uri, text, action);
      assert.equal(result, deployment('nginx:1.25', fixed));
      // Byte comparison of everything outside the value.
      const start = text.indexOf(written);
      assert.equal(result.slice(0, start), text.slice(0, start));
      assert.equal(result.slice(start + fixed.length), text.slice(start + written.length));

      const after = await applyInEditor(uri, action);
      assert.ok(!after.diagnostics.some((d) => d.code === 'invalid-pull-policy'), JSON.stringify(after.diagnostics));
    });
  }

  test('a value no case change can save offers the three valid values, none preferred', async () => {
    const text = deployment('nginx:1.25', 'Sometimes');
    const uri = await openAndWait('sometimes.yaml', text);
    const actions = await actionsAt(uri, rangeOf(text, 'Sometimes'));
    for (const value of ['Always', 'IfNotPresent', 'Never']) {
      const action = find(actions, new RegExp(`^Change imagePullPolicy to ${value}$`));
      assert.equal(apply(uri, text, action), deployment('nginx:1.25', value));
      assert.notEqual(action.isPreferred, true);
    }
  });
});

describe('setting imagePullPolicy explicitly', () => {
  test('inserts after the image with the indentation of the image key (LF)', async () => {
    const text = deployment('nginx:1.25', null);
    const uri = await openAndWait('insert.yaml', text);
    const action = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, action), deployment('nginx:1.25', 'IfNotPresent'));
  });

  test('CRLF file: the new line uses CRLF', async () => {
    const text = deployment('nginx', null).replace(/\n/g, '\r\n');
    const uri = await openAndWait('crlf.yaml', text);
    const action = find(await actionsAt(uri, rangeOf(text, 'nginx')), /^Set imagePullPolicy: Always explicitly/);
    const result = apply(uri, text, action);
    assert.equal(result, deployment('nginx', 'Always').replace(/\n/g, '\r\n'));
    assert.ok(!/[^\r]\n/.test(result), 'a bare LF was inserted into a CRLF file');
  });

  test('CRLF file without a final newline, image on the last line', async () => {
    const text = deployment('nginx:1.25', null).replace(/\n$/, '').replace(/\n/g, '\r\n');
    const uri = await openAndWait('crlf-last.yaml', text);
    const action = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, action), `${text}\r\n          imagePullPolicy: IfNotPresent`);
  });

  test('`- image:` list item: the new key lines up with `image`, before the next key', async () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - image: nginx:1.25 # pinned by CI',
      '    name: web',
      '  - image: "redis:7"',
      '',
    );
    const uri = await openAndWait('list-item.yaml', text);
    const first = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(
      apply(uri, text, first),
      text.replace('  - image: nginx:1.25 # pinned by CI\n', '  - image: nginx:1.25 # pinned by CI\n    imagePullPolicy: IfNotPresent\n'),
    );
    const second = find(await actionsAt(uri, rangeOf(text, 'redis:7')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, second), text.replace('  - image: "redis:7"\n', '  - image: "redis:7"\n    imagePullPolicy: IfNotPresent\n'));
  });

  test('flow map: `, imagePullPolicy: X` goes right after the value', async () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers: [{name: a, image: "nginx:1.25"}, {image: busybox, name: b}]',
      '',
    );
    const uri = await openAndWait('flow.yaml', text);
    const a = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, a), text.replace('image: "nginx:1.25"}', 'image: "nginx:1.25", imagePullPolicy: IfNotPresent}'));
    const b = find(await actionsAt(uri, rangeOf(text, 'busybox')), /^Set imagePullPolicy: Always explicitly/);
    const result = apply(uri, text, b);
    assert.equal(result, text.replace('image: busybox, name: b', 'image: busybox, imagePullPolicy: Always, name: b'));
    // Still valid YAML with the key in the right map.
    const parsed = parseAllDocuments(result)[0]?.toJS() as { spec: { containers: Array<Record<string, string>> } };
    assert.equal(parsed.spec.containers[1]?.imagePullPolicy, 'Always');
  });

  test('`imagePullPolicy:` with no value gets ` IfNotPresent` after the colon', async () => {
    const text = deployment('nginx:1.25', null).replace('nginx:1.25\n', 'nginx:1.25\n          imagePullPolicy:\n');
    const uri = await openAndWait('empty-plain.yaml', text);
    const action = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, action), deployment('nginx:1.25', 'IfNotPresent'));
  });

  for (const quote of ['"', "'"]) {
    test(
      `an empty quoted policy ${quote}${quote} is filled inside the quotes, without a leading space`,
      async () => {
        const text = deployment('nginx:1.25', `${quote}${quote}`);
        const uri = await openAndWait('empty-quoted.yaml', text);
        const action = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
        assert.equal(apply(uri, text, action), deployment('nginx:1.25', `${quote}IfNotPresent${quote}`));
      },
    );
  }

  test('block scalar image: the new key goes right after the image, before the next key', async () => {
    const text = deployment('>-\n            nginx:1.25', null).replace(/\n$/, '\n          name2: x\n');
    const uri = await openAndWait('block-image.yaml', text);
    const action = find(await actionsAt(uri, rangeOf(text, 'nginx:1.25')), /^Set imagePullPolicy: IfNotPresent explicitly/);
    assert.equal(apply(uri, text, action), text.replace('nginx:1.25\n', 'nginx:1.25\n          imagePullPolicy: IfNotPresent\n'));
  });

  test('latest-tag-cached quick fix sets Always and the finding goes away', async () => {
    const text = deployment('nginx:latest', 'IfNotPresent');
    const uri = await openAndWait('cached.yaml', text);
    const diagnostic = server().lastPublish(uri)?.diagnostics.find((d) => d.code === 'latest-tag-cached');
    assert.ok(diagnostic);
    const action = find(await actionsAt(uri, diagnostic.range, ['quickfix']), /^Set imagePullPolicy to Always/);
    assert.deepEqual(
      action.diagnostics?.map((d) => d.code),
      ['latest-tag-cached'],
    );
    assert.equal(apply(uri, text, action), deployment('nginx:latest', 'Always'));
    const after = await applyInEditor(uri, action);
    assert.ok(!after.diagnostics.some((d) => d.code === 'latest-tag-cached'));
  });

  test('no quick fixes on a templated Helm image', async () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: x}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '',
    );
    const uri = fileUri('templates/deploy.yaml');
    await server().open(uri, text, 'helm');
    await server().waitForCurrentDiagnostics(uri);
    const actions = await actionsAt(uri, rangeOf(text, '.Values.image.repository'));
    assert.deepEqual(
      actions.filter((a) => a.kind === 'quickfix').map((a) => a.title),
      [],
    );
  });
});

describe('source.fixAll.kube-image-lens', () => {
  const text = lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: a}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: a',
    '          image: nginx:latest',
    '          imagePullPolicy: IfNotPresent',
    '        - name: b',
    '          image: nginx:1.25',
    '          imagePullPolicy: "always"',
    '        - name: c',
    '          image: redis:7',
    '      initContainers:',
    '        - {name: i, image: busybox:1.36, imagePullPolicy: ifNotPresent}',
    '',
  );

  test('returns only the safe fixes (case corrections), nothing that changes intent', async () => {
    const uri = await openAndWait('fixall.yaml', text);
    const whole: Range = { start: { line: 0, character: 0 }, end: { line: 17, character: 0 } };
    const actions = await actionsAt(uri, whole, ['source.fixAll.kube-image-lens']);
    assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const [fixAll] = actions as [CodeAction];
    assert.equal(fixAll.kind, 'source.fixAll.kube-image-lens');
    assert.equal(
      apply(uri, text, fixAll),
      text.replace('imagePullPolicy: "always"', 'imagePullPolicy: "Always"').replace('imagePullPolicy: ifNotPresent}', 'imagePullPolicy: IfNotPresent}'),
    );
    // Asking for the parent kind finds it too; asking for quick fixes does not.
    const parent = await actionsAt(uri, whole, ['source.fixAll']);
    assert.deepEqual(
      parent.map((a) => a.kind),
      ['source.fixAll.kube-image-lens'],
    );
    const quick = await actionsAt(uri, whole, ['quickfix']);
    assert.ok(quick.length > 0);
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  });

  test('nothing to fix → no fixAll action', async () => {
    const uri = await openAndWait('nothing.yaml', deployment('nginx:latest', 'IfNotPresent'));
    const actions = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } }, ['source.fixAll.kube-image-lens']);
    assert.deepEqual(actions, []);
  });

  test('an invalid policy shared through an anchor and alias is fixed into valid YAML', async () => {
    const shared = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - name: a',
      '      image: nginx:1.25',
      '      imagePullPolicy: &pol always',
      '    - name: b',
      '      image: redis:7',
      '      imagePullPolicy: *pol',
      '',
    );
    const uri = await openAndWait('anchors.yaml', shared);
    const actions = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } }, ['source.fixAll.kube-image-lens']);
    assert.equal(actions.length, 1);
    const result = apply(uri, shared, actions[0] as CodeAction);
    const docs = parseAllDocuments(result);
    assert.deepEqual(
      docs.flatMap((doc) => doc.errors.map((e) => e.message)),
      [],
    );
    const pod = docs[0]?.toJS() as { spec: { containers: Array<{ imagePullPolicy: string }> } };
    assert.deepEqual(
      pod.spec.containers.map((c) => c.imagePullPolicy),
      ['Always', 'Always'],
    );
  });
});

describe('completion', () => {
  test('after `imagePullPolicy: ` the three values are offered', async () => {
    const text = lines(deployment('nginx:1.25', null).trimEnd(), '          imagePullPolicy: ', '');
    const uri = await openAndWait('complete.yaml', text);
    const items = await server().completion(uri, { line: 10, character: '          imagePullPolicy: '.length });
    assert.deepEqual(items.map((item) => item.label).sort(), ['Always', 'IfNotPresent', 'Never']);
  });

  test('a typed prefix is replaced by the chosen value', async () => {
    const text = lines(deployment('nginx:1.25', null).trimEnd(), '          imagePullPolicy: "Al', '');
    const uri = await openAndWait('complete-prefix.yaml', text);
    const character = '          imagePullPolicy: "Al'.length;
    const items = await server().completion(uri, { line: 10, character });
    const always = items.find((item) => item.label === 'Always');
    assert.ok(always?.textEdit && 'range' in always.textEdit);
    const result = applyEdits(text, [always.textEdit]);
    assert.ok(result.includes('          imagePullPolicy: "Always\n'), result);
  });

  test('in a flow map', async () => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec: {containers: [{image: x:1, imagePullPolicy: }]}', '');
    const uri = await openAndWait('complete-flow.yaml', text);
    const items = await server().completion(uri, { line: 3, character: text.split('\n')[3]?.indexOf(' }') ?? 0 });
    assert.deepEqual(items.map((item) => item.label).sort(), ['Always', 'IfNotPresent', 'Never']);
  });

  test('elsewhere nothing is offered', async () => {
    const text = deployment('nginx:1.25', null);
    const uri = await openAndWait('complete-none.yaml', text);
    assert.deepEqual(await server().completion(uri, { line: 9, character: 12 }), []);
    assert.deepEqual(await server().completion(uri, { line: 1, character: 6 }), []);
  });
});
