import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { githubReporter } from '../../server/src/cli/format/github';
import { analysisWith, AWKWARD_MESSAGE, AWKWARD_PATH, findingAt, report } from './ciFormatFixtures';
import { makeProject, runCli } from './helpers';

interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
}

// The Actions runner's parser for `::name k=v,k=v::data` lines and its unescaping
// (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2, UnescapeProperty,
// UnescapeData), restated here as the consumer these lines must satisfy.
const PROPERTY_ESCAPES: Array<[string, string]> = [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']];
const DATA_ESCAPES: Array<[string, string]> = [['%0D', '\r'], ['%0A', '\n'], ['%25', '%']];
const unescape = (text: string, escapes: Array<[string, string]>) => escapes.reduce((acc, [from, to]) => acc.split(from).join(to), text);

function parseWorkflowCommand(line: string): WorkflowCommand | null {
  const message = line.trimStart();
  if (!message.startsWith('::')) {
    return null;
  }
  const end = message.indexOf('::', 2);
  if (end < 0) {
    return null;
  }
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const property of info.slice(space + 1).trim().split(',').filter((part) => part !== '')) {
      const equals = property.indexOf('=');
      if (equals > 0 && equals < property.length - 1) {
        properties[property.slice(0, equals)] = unescape(property.slice(equals + 1), PROPERTY_ESCAPES);
      }
    }
  }
  return { name, properties, data: unescape(message.slice(end + 2), DATA_ESCAPES) };
}

describe('--format github', () => {
  it('writes one annotation command per finding that the runner parses back to the exact path, position and message', () => {
    const output = report(githubReporter, [
      [AWKWARD_PATH, analysisWith([findingAt(4, 9, 12, 'error', 'invalid-image-reference', AWKWARD_MESSAGE)])],
      ['b.yaml', analysisWith([findingAt(0, 0, 3, 'warning', 'mutable-tag', 'w'), findingAt(7, 2, 5, 'info', 'tag-ignored-with-digest', 'i'), findingAt(8, 2, 5, 'hint', 'mutable-tag', 'h')])],
      ['clean.yaml', analysisWith([])],
    ]);
    const lines = output.split('\n');
    assert.equal(lines.pop(), '', 'output ends with a line break');
    assert.equal(lines.length, 4, 'one line per finding: escaped line breaks stay inside the line');
    const commands = lines.map(parseWorkflowCommand);
    assert.deepEqual(commands[0], {
      name: 'error',
      properties: { file: AWKWARD_PATH, line: '5', col: '10', endLine: '5', endColumn: '21', title: 'kube-image-lens invalid-image-reference' },
      data: AWKWARD_MESSAGE,
    });
    assert.deepEqual(
      commands.slice(1).map((command) => [command?.name, command?.properties.file, command?.properties.line, command?.data]),
      [
        ['warning', 'b.yaml', '1', 'w'],
        ['notice', 'b.yaml', '8', 'i'],
        ['notice', 'b.yaml', '9', 'h'],
      ],
    );
  });

  it('annotates the same findings, at the same positions, as the JSON output of the built CLI', () => {
    const project = makeProject({
      'deploy/app,v1.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n      imagePullPolicy: always\n',
    });
    try {
      const github = runCli(['check', '--format', 'github', '.'], { cwd: project.dir });
      const json = runCli(['check', '--format', 'json', '.'], { cwd: project.dir });
      assert.equal(github.code, 1, github.stderr);
      const diagnostics = (JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; range: { start: { line: number; character: number } }; code: string; message: string }> }).diagnostics;
      const annotations = github.stdout.trimEnd().split('\n').map(parseWorkflowCommand);
      assert.ok(diagnostics.length >= 2);
      assert.deepEqual(
        annotations.map((command) => [command?.properties.file, command?.properties.line, command?.properties.col, command?.properties.title, command?.data]),
        diagnostics.map((d) => [d.file, String(d.range.start.line + 1), String(d.range.start.character + 1), `kube-image-lens ${d.code}`, d.message]),
      );
    } finally {
      project.cleanup();
    }
  });
});
