/**
 * The Helm grammar (`syntaxes/helm.tmLanguage.json`) tokenized by VS Code's own TextMate
 * engine (vscode-textmate + vscode-oniguruma): actions everywhere in the YAML (plain values,
 * quoted strings with quotes nested inside the action, comments, flow mappings), `define`
 * blocks, `{{- -}}` trimming and multi-line template comments. Each case runs on a small
 * YAML stand-in grammar, and again on VS Code's real YAML grammar when code-server is
 * installed (test/e2e/setup-code-server.sh), since that is what users get.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import type { IGrammar, IRawGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';

const REPO = path.resolve(__dirname, '../../..');
const HELM = path.join(REPO, 'syntaxes/helm.tmLanguage.json');
const STAND_IN = path.join(__dirname, 'yamlStandIn.tmLanguage.json');
const VSCODE_YAML = path.join(process.env.KIL_CACHE_DIR ?? path.join(homedir(), '.cache/kube-image-lens'), 'code-server-4.100.3/lib/vscode/extensions/yaml/syntaxes');

let wasm: Promise<void> | null = null;

/** The Helm grammar over the given YAML grammar files (by their scope names). */
async function helmGrammar(yamlFiles: string[]): Promise<IGrammar> {
  wasm ??= loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  await wasm;
  const byScope = new Map<string, string>();
  for (const file of [HELM, ...yamlFiles]) {
    byScope.set((JSON.parse(readFileSync(file, 'utf8')) as { scopeName: string }).scopeName, file);
  }
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns) => new OnigScanner(patterns), createOnigString: (text) => new OnigString(text) }),
    loadGrammar: async (scopeName): Promise<IRawGrammar | null> => {
      const file = byScope.get(scopeName);
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
  });
  const grammar = await registry.loadGrammar('source.kube-image-lens.helm');
  assert.ok(grammar, 'the Helm grammar loads');
  return grammar;
}

interface Token {
  text: string;
  scopes: string[];
}

function tokenize(grammar: IGrammar, text: string): Token[][] {
  let stack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

/** The scopes of the character at `delta` into the `occurrence`-th `needle` of `text` (lines searched in order). */
function scopesAt(lines: Token[][], text: string, needle: string, delta = 0, occurrence = 0): string[] {
  let seen = 0;
  const source = text.split('\n');
  for (const [index, line] of source.entries()) {
    for (let at = line.indexOf(needle); at !== -1; at = line.indexOf(needle, at + 1)) {
      if (seen++ === occurrence) {
        let start = 0;
        for (const token of lines[index] as Token[]) {
          if (at + delta < start + token.text.length) {
            return token.scopes;
          }
          start += token.text.length;
        }
      }
    }
  }
  throw new Error(`${needle} #${occurrence} not in the text`);
}

const has = (scopes: string[], scope: string) => assert.ok(scopes.some((s) => s === scope), `${scope} in ${scopes.join(' ')}`);
const lacks = (scopes: string[], prefix: string) => assert.ok(!scopes.some((s) => s.startsWith(prefix)), `no ${prefix}* in ${scopes.join(' ')}`);

/** One grammar behaviour: a snippet and what its tokens must say. */
interface Case {
  name: string;
  text: string;
  check: (at: (needle: string, delta?: number, occurrence?: number) => string[]) => void;
  /** Needs a YAML feature the stand-in does not have (block scalars). */
  realYamlOnly?: boolean;
}

const CASES: Case[] = [
  {
    name: 'an action in a plain value, not a YAML flow mapping',
    text: 'replicas: {{ .Values.replicaCount }}\nname: web',
    check: (at) => {
      has(at('{{'), 'punctuation.section.embedded.begin.helm');
      has(at('.Values'), 'variable.other.member.helm');
      lacks(at('.Values'), 'meta.flow-mapping');
      has(at('}}'), 'punctuation.section.embedded.end.helm');
      lacks(at('web'), 'meta.embedded.block.helm');
    },
  },
  {
    name: 'quotes nested inside an action inside a YAML string',
    text: 'image: "{{ .Values.x | default "a" }}:{{ include "app.tag" . }}"\nafter: plain',
    check: (at) => {
      has(at('"a"', 1), 'string.quoted.double.helm');
      has(at('default'), 'support.function.helm');
      has(at('app.tag'), 'entity.name.function.helm');
      has(at(':{{', 0), 'string.quoted.double.yaml');
      lacks(at(':{{', 0), 'meta.embedded.block.helm');
      has(at('}}"', 2), 'string.quoted.double.yaml');
      lacks(at('plain'), 'string.quoted');
      lacks(at('after'), 'meta.embedded.block.helm');
    },
  },
  {
    name: 'define blocks: keyword and name; include, template and block name the template they call',
    text: '{{- define "app.labels" -}}\napp: {{ template "app.name" . }}\n{{- end }}\n{{ block "extra" . }}{{ end }}',
    check: (at) => {
      has(at('define'), 'keyword.control.helm');
      has(at('app.labels'), 'entity.name.function.helm');
      has(at('"app.labels"'), 'string.quoted.double.helm');
      has(at('template'), 'keyword.control.helm');
      has(at('app.name'), 'entity.name.function.helm');
      has(at('extra'), 'entity.name.function.helm');
      has(at('end'), 'keyword.control.helm');
    },
  },
  {
    name: '{{- -}} trim markers, and a minus that is a number',
    text: 'a: {{- .Values.a -}}\nb: {{-3}}\nc: {{ 4 -}}',
    check: (at) => {
      has(at('{{-', 2), 'keyword.operator.trim.helm');
      has(at('-}}'), 'keyword.operator.trim.helm');
      has(at('-}}', 2), 'punctuation.section.embedded.end.helm');
      has(at('-3'), 'constant.numeric.helm');
      lacks(at('-3'), 'keyword.operator.trim');
      has(at('-}}', 0, 1), 'keyword.operator.trim.helm');
    },
  },
  {
    name: 'comments: multi-line, trimmed, with quotes and braces inside; actions after them',
    text: '{{- /*\nSays "hello" and {{ not an action\n*/ -}}\n{{/* one line */}}\nnext: {{ .Values.y }}',
    check: (at) => {
      has(at('/*'), 'comment.block.helm');
      has(at('hello'), 'comment.block.helm');
      lacks(at('{{ not'), 'meta.embedded.block.helm');
      has(at('-}}'), 'comment.block.helm');
      has(at('one line'), 'comment.block.helm');
      has(at('.Values.y'), 'variable.other.member.helm');
      lacks(at('.Values.y'), 'comment');
      lacks(at('next'), 'comment');
    },
  },
  {
    name: 'actions in YAML comments (Helm evaluates them) and in single-quoted strings',
    text: "# {{ .Values.note }}\nk: '{{ .Values.q }}'\nx: y",
    check: (at) => {
      has(at('.Values.note'), 'variable.other.member.helm');
      has(at('.Values.q'), 'variable.other.member.helm');
      has(at("'", 0, 1), 'string.quoted.single.yaml');
      lacks(at(': y', 2), 'string.quoted');
    },
  },
  {
    name: 'strings and variables inside actions: raw strings with quotes, $ variables, assignment',
    text: 'v: {{ $name := printf `"%s"` .x }}{{ $name }}',
    check: (at) => {
      has(at('`"%s"`', 1), 'string.quoted.raw.helm');
      has(at('$name'), 'variable.other.helm');
      has(at(':='), 'keyword.operator.assignment.helm');
      has(at('$name', 0, 1), 'variable.other.helm');
    },
  },
  {
    name: 'actions inside block scalars',
    text: 'script: |\n  echo {{ .Values.cmd | quote }}\nnext: {{ .Values.n }}',
    realYamlOnly: true,
    check: (at) => {
      has(at('.Values.cmd'), 'variable.other.member.helm');
      has(at('quote'), 'support.function.helm');
      has(at('.Values.n'), 'variable.other.member.helm');
    },
  },
];

function suite(name: string, yamlFiles: () => string[], skip: string | false, cases: Case[]): void {
  describe(name, { skip }, () => {
    let grammar: IGrammar;
    before(async () => {
      grammar = await helmGrammar(yamlFiles());
    });
    for (const c of cases) {
      test(c.name, () => {
        const lines = tokenize(grammar, c.text);
        c.check((needle, delta = 0, occurrence = 0) => scopesAt(lines, c.text, needle, delta, occurrence));
      });
    }
  });
}

suite('Helm grammar over a YAML stand-in', () => [STAND_IN], false, CASES.filter((c) => !c.realYamlOnly));
suite(
  "Helm grammar over VS Code's YAML grammar",
  () => readdirSync(VSCODE_YAML).map((file) => path.join(VSCODE_YAML, file)),
  existsSync(VSCODE_YAML) ? false : `VS Code's YAML grammar is not installed (${VSCODE_YAML}); run test/e2e/setup-code-server.sh`,
  CASES,
);
