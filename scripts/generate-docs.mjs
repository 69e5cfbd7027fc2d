// `npm run docs [-- --out FILE]`: writes docs/settings.md, the reference of the VS Code
// settings and commands (from package.json `contributes`) and of the project settings
// file (from schemas/kube-image-lens.schema.json), so the reference never drifts from
// the manifests. test/docs checks that the committed file is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(root, 'docs/settings.md') } } });
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const schema = JSON.parse(readFileSync(resolve(root, 'schemas/kube-image-lens.schema.json'), 'utf8'));

/** VS Code's `#setting.id#` links become links to the setting's section here. */
const settingLinks = (markdown) => markdown.replace(/`?#(kubeImageLens\.[\w.]+)#`?/g, (_, id) => `[\`${id}\`](#${anchor(id)})`);
const anchor = (id) => id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
const code = (value) => `\`${JSON.stringify(value)}\``;
const cell = (text) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

function typeOf(spec) {
  if (spec.enum) {
    return `one of ${spec.enum.map(code).join(', ')}`;
  }
  if (spec.type === 'array' && spec.items?.type) {
    return `array of ${spec.items.type === 'object' ? 'objects' : `${spec.items.type}s`}`;
  }
  if (spec.type === 'object' && spec.properties) {
    const [first] = Object.values(spec.properties);
    return `mapping of diagnostic code to ${first ? typeOf(resolveRef(first)) : 'a value'}`;
  }
  return spec.type ?? 'any';
}

function settingSection(id, spec) {
  const lines = [`<a id="${anchor(id)}"></a>`, `### \`${id}\``, '', settingLinks(spec.markdownDescription ?? spec.description ?? ''), ''];
  lines.push(`- Type: ${typeOf(spec)}`, `- Default: ${code(spec.default)}`, `- Scope: \`${spec.scope ?? 'window'}\``);
  if (spec.minimum !== undefined || spec.maximum !== undefined) {
    lines.push(`- Range: ${spec.minimum ?? '…'} to ${spec.maximum ?? '…'}`);
  }
  if (spec.enumDescriptions) {
    lines.push('- Values:', ...spec.enum.map((value, index) => `  - ${code(value)}: ${settingLinks(spec.enumDescriptions[index] ?? '')}`));
  }
  if (spec.type === 'object' && spec.properties) {
    lines.push(`- Keys: ${Object.keys(spec.properties).map((key) => `\`${key}\``).join(', ')}`);
  }
  const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
  if (restricted.includes(id)) {
    lines.push('- Ignored from the workspace in Restricted Mode (untrusted workspaces).');
  }
  return [...lines, ''].join('\n');
}

function resolveRef(spec) {
  return spec.$ref ? schema.definitions[spec.$ref.replace('#/definitions/', '')] : spec;
}

function projectKeyRow([key, spec]) {
  const resolved = resolveRef(spec);
  const type = resolved.anyOf ? resolved.anyOf.map((branch) => (branch.type === 'array' ? 'list of `{ pattern, profile }`' : 'mapping of glob to profile')).join(' or ') : typeOf(resolved);
  return `| \`${key}\` | ${cell(type)} | ${cell(spec.description ?? resolved.description ?? '')} |`;
}

const properties = manifest.contributes.configuration.flatMap((section) => Object.entries(section.properties));
properties.sort(([, a], [, b]) => (a.order ?? 0) - (b.order ?? 0));
const commands = manifest.contributes.commands;

const document = [
  '# Settings and commands reference',
  '',
  '<!-- Generated from package.json and schemas/kube-image-lens.schema.json by `npm run docs`. Do not edit. -->',
  '',
  '## Project settings file (`.kube-image-lens.yaml`)',
  '',
  'Read by the editor and the CLI from the project root; editors with the YAML extension validate and',
  'complete it with [`schemas/kube-image-lens.schema.json`](../schemas/kube-image-lens.schema.json).',
  '',
  '| key | type | meaning |',
  '|---|---|---|',
  ...Object.entries(schema.properties).map(projectKeyRow),
  '',
  '## VS Code settings',
  '',
  ...properties.map(([id, spec]) => settingSection(id, spec)),
  '## Commands',
  '',
  '| command | title | available |',
  '|---|---|---|',
  ...commands.map((command) => `| \`${command.command}\` | ${command.category ? `${command.category}: ` : ''}${command.title} | ${command.enablement === 'isWorkspaceTrusted' ? 'trusted workspaces' : 'always'} |`),
  '',
].join('\n');

writeFileSync(resolve(values.out), document);
