/**
 * Editing chart templates in a real editor session: every template of the
 * fixture charts is open (most as `helm`, some as `yaml`, as users without a
 * Helm extension have them), and random edits hit them — characters typed and
 * deleted, half-typed actions, formatter damage, pasted YAML, unicode, CRLF.
 * After each step the server must be alive, answer hover and code actions,
 * publish the edited version, and never call a template's text a YAML syntax
 * error (`unreadable-yaml`): templates are not YAML until Helm renders them.
 */
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient } from './harness/lspClient';
import { positionAt, tempWorkspace } from './harness/text';

const FIXTURES = path.resolve(__dirname, '../fixtures/helm');
/** The code the server gives a document the YAML parser stopped on (`lsp/convert.ts`). */
const YAML_SYNTAX_CODE = 'unreadable-yaml';

const FRAGMENTS = [
  '{{',
  '}}',
  '{{ .Values.',
  '{{ .Values.image.tag }}',
  '{{- if',
  '{{- if .Values.enabled }}\n',
  '{{- end }}',
  '{{- else }}',
  '{{ include "',
  '{{ include "chart.fullname" . }}',
  '{{/* note',
  '*/}}',
  ' | default "latest" }}',
  ' | quote',
  '{{ toYaml .Values.resources | nindent 12 }}',
  '{ { .Values.image.tag } }',
  '{ {- if .Values.x } }',
  '} }',
  '{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}',
  'image: nginx:latest\n',
  '        imagePullPolicy: Always\n',
  '      containers:\n        - name: pasted\n          image: "{{ .Values.image.repository }}:latest"\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pasted\n',
  '---\n',
  '- ',
  ': ',
  '"',
  "'",
  '{',
  '}',
  '[',
  '\t',
  '    ',
  '\n',
  '\r\n',
  '# ',
  'é😀',
  'ẞ\u200b',
];

interface Template {
  uri: string;
  languageId: 'helm' | 'yaml';
  original: string;
}

/** Every `*.yaml`/`*.tpl` under a `templates/` folder of the copied charts (subcharts included), in name order. */
function templateFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, inTemplates: boolean): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(full, inTemplates || entry.name === 'templates');
      } else if (inTemplates && /\.(ya?ml|tpl)$/.test(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir, false);
  return found;
}

const edit = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 24 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'formatter' as const }) },
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;
const step = fc.record({
  file: fc.nat(),
  edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
  hover: fc.tuple(fc.nat(), fc.nat()),
  actions: fc.tuple(fc.nat(), fc.nat()),
});
const session = fc.array(step, { minLength: 1, maxLength: 4 });

/** An edit as the editor sends it (a range in the current text), applied by the client to its copy. */
function toChange(text: string, e: Edit): TextDocumentContentChangeEvent {
  switch (e.kind) {
    case 'insert': {
      const at = positionAt(text, e.at % (text.length + 1));
      return { range: { start: at, end: at }, text: e.text };
    }
    case 'delete': {
      const start = e.at % (text.length + 1);
      return { range: { start: positionAt(text, start), end: positionAt(text, Math.min(text.length, start + e.length)) }, text: '' };
    }
    case 'crlf':
      return { text: text.replace(/\r?\n/g, '\r\n') };
    case 'formatter':
      // A YAML formatter run over the whole template: every action's braces split apart.
      return { text: text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }') };
  }
}

function rangeAt(text: string, [a, b]: [number, number]): Range {
  const [start, end] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [number, number];
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

function positionIn(text: string, offset: number): Position {
  return positionAt(text, offset % (text.length + 1));
}

describe('editing chart templates', () => {
  const workspace = tempWorkspace('kil-helm-edit-');
  let client: LspClient;
  const templates: Template[] = [];

  before(async () => {
    // Not under a folder named `charts`: that would make them subcharts, and no chart would be rendered.
    cpSync(FIXTURES, path.join(workspace.dir, 'helm'), { recursive: true });
    client = LspClient.start();
    await client.initialize({ workspaceFolders: [{ uri: workspace.rootUri, name: 'helm' }] });
    for (const [index, file] of templateFiles(workspace.dir).entries()) {
      const template: Template = { uri: pathToFileURL(file).href, languageId: index % 4 === 3 ? 'yaml' : 'helm', original: readFileSync(file, 'utf8') };
      templates.push(template);
      await client.open(template.uri, template.original, template.languageId);
    }
  });

  after(async () => {
    await client.dispose();
    workspace.cleanup();
  });

  /** No template's latest diagnostics call it a YAML syntax error. */
  function assertNoYamlSyntaxErrors(context: string): void {
    for (const { uri } of templates) {
      const syntax = (client.lastPublish(uri)?.diagnostics ?? []).filter((d: Diagnostic) => d.code === YAML_SYNTAX_CODE);
      assert.deepEqual(syntax, [], `${context}: ${path.relative(workspace.dir, new URL(uri).pathname)} reported as YAML syntax error:\n${client.text(uri)}`);
    }
  }

  test('the fixture charts as written: no template is a YAML syntax error', async () => {
    assert.ok(templates.length >= 40, `only ${templates.length} templates found`);
    for (const { uri } of templates) {
      await client.waitForCurrentDiagnostics(uri);
    }
    assertNoYamlSyntaxErrors('unedited');
  });

  test('random edits: the server stays up, answers every request, and never reports template text as a YAML syntax error', { timeout: 120_000 }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(session, async (steps) => {
        runs++;
        const touched = new Set<Template>();
        for (const s of steps) {
          const template = templates[s.file % templates.length] as Template;
          touched.add(template);
          const { uri } = template;
          for (const e of s.edits) {
            await client.change(uri, client.version(uri) + 1, [toChange(client.text(uri), e)]);
          }
          const text = client.text(uri);
          await client.hover(uri, positionIn(text, s.hover[0]));
          await client.hover(uri, positionIn(text, s.hover[1]));
          await client.codeActions(uri, rangeAt(text, s.actions));
          await client.waitForCurrentDiagnostics(uri);
          assert.ok(client.alive, 'the server exited');
          assertNoYamlSyntaxErrors(`after editing ${uri}`);
        }
        // Back to the fixture's text, so every run starts from real charts.
        for (const { uri, original } of touched) {
          await client.change(uri, client.version(uri) + 1, [{ text: original }]);
          await client.waitForCurrentDiagnostics(uri);
        }
      }),
      { seed: 1414, numRuns: 30, endOnFailure: true },
    );
    assert.equal(runs, 30);
    const unexpected = client.logMessages.filter((m) => /Unexpected error|Unhandled rejection|failed:/.test(m.message));
    assert.deepEqual(
      unexpected.map((m) => m.message.slice(0, 500)),
      [],
    );
  });
});
