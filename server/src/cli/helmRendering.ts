import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ValueFlags } from '../core/helm';
import { buildUserValues, setFilePaths } from '../core/helm/values/userValues';
import { describeIoError } from '../workspace/fileAccessError';
import type { HelmRenderingOptions } from '../workspace/units';
import type { OptionsConfig } from './args';
import { CliError, ioError } from './errors';

/** `helm template`'s rendering flags, for the commands that read charts (`images`, `check`, `pin`). */
export const HELM_RENDERING_OPTIONS = {
  values: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'set-string': { type: 'string', multiple: true },
  'set-json': { type: 'string', multiple: true },
  'set-file': { type: 'string', multiple: true },
  'set-literal': { type: 'string', multiple: true },
  'release-name': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const satisfies OptionsConfig;

/** What the help says about charts, before its options. */
export const HELM_RENDERING_DESCRIPTION = `A Helm chart (a folder with Chart.yaml) is rendered like \`helm template\`:
without --values, --set, --set-string, --set-json, --set-file, --set-literal,
--release-name and --namespace, once per environment (the chart's own values
as 'default', plus each values-*.yaml, values.*.yaml and values/*.yaml beside
it); with any of them, exactly once, as \`helm template NAME CHART\` with the
same flags would (values files, then every --set-json, --set, --set-string,
--set-file and --set-literal: a later kind wins, whatever the order given).
That rendering's environment is named after the last --values file
(values-prod.yaml -> prod, envs/staging.yaml -> staging), else 'cli', and its
profile follows that file's path as any file's does. The flags apply to every
chart under PATH; a PATH holding no chart is read as usual, with a warning;
the command stops with status 2 when no PATH holds a chart, when a values or
--set-file file cannot be read, or when Helm would refuse the values.`;

const OPTION_LINES: [string, string[]][] = [
  ['    --values <file>', ["values file applied after the chart's", 'values.yaml, left to right (repeatable;', 'a comma separates files, as in helm -f)']],
  ['    --set <key=value>', ['set a value as helm --set (repeatable)']],
  ['    --set-string <key=value>', ['set a string as helm --set-string', '(repeatable)']],
  ['    --set-json <key=json>', ['set JSON values as helm --set-json', '(repeatable; key=json pairs or a whole', 'JSON object)']],
  ['    --set-file <key=path>', ["set a file's text as helm --set-file", '(repeatable; path from the current', 'directory)']],
  ['    --set-literal <key=value>', ['set a string as is, commas and', 'backslashes included, as helm', '--set-literal (repeatable)']],
  ['    --release-name <name>', ["the release name (helm template's NAME;", 'default: release-name)']],
  ['-n, --namespace <ns>', ['.Release.Namespace (default: default)']],
];

/** Help lines for HELM_RENDERING_OPTIONS, descriptions starting at `column` like the command's other options. */
export function helmRenderingOptionsHelp(column: number): string {
  const pad = ' '.repeat(column);
  return OPTION_LINES.flatMap(([flag, [first, ...rest]]) => {
    const head = `  ${flag}`;
    const lines = head.length < column ? [`${head.padEnd(column)}${first}`] : [head, `${pad}${first}`];
    return [...lines, ...rest.map((line) => `${pad}${line}`)];
  }).join('\n');
}

/** Helm's release name check (`chartutil.ValidateReleaseName`). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE_NAME = 53;

/** The rendering flags' names (the CLI's options, the action's inputs), in the help's order. */
export const HELM_FLAG_NAMES = Object.keys(HELM_RENDERING_OPTIONS) as Array<keyof typeof HELM_RENDERING_OPTIONS>;

/** The rendering flags as given, by their names: a list for a repeatable flag. */
export type HelmFlagValues = {
  [Name in keyof typeof HELM_RENDERING_OPTIONS]?: (typeof HELM_RENDERING_OPTIONS)[Name] extends { multiple: true } ? string[] : string;
};

/** The flags as one rendering, values files read; undefined when none is given. A file that cannot be read, or values Helm would refuse, is a usage error. */
export async function readHelmRendering(flags: HelmFlagValues, cwd: string): Promise<HelmRenderingOptions | undefined> {
  if (HELM_FLAG_NAMES.every((name) => flags[name] === undefined)) {
    return undefined;
  }
  const releaseName = flags['release-name'];
  if (releaseName !== undefined && !(RELEASE_NAME.test(releaseName) && releaseName.length <= MAX_RELEASE_NAME)) {
    throw new CliError(`invalid value '${releaseName}' for --release-name: Helm requires lowercase letters, digits, '-' and '.', at most ${MAX_RELEASE_NAME} characters`, { showUsage: true });
  }
  // Helm's --values is a string slice: `-f a.yaml,b.yaml` names two files.
  const names = (flags.values ?? []).flatMap((value) => value.split(',')).filter((name) => name !== '');
  const url = names.find(isUrl);
  if (url !== undefined) {
    throw new CliError(`--values '${url}': values files are read from disk only; download it first`);
  }
  const valuesFiles = await Promise.all(
    names.map(async (name) => {
      const absolutePath = path.resolve(cwd, name);
      try {
        return { absolutePath, text: (await fs.readFile(absolutePath, 'utf8')).replace(/^\uFEFF/, '') };
      } catch (error) {
        throw ioError('read values file', name, error);
      }
    }),
  );
  const files = valuesFiles.map(({ absolutePath, text }) => ({ file: path.relative(cwd, absolutePath), text }));
  const valueFlags: ValueFlags = { set: flags.set, setString: flags['set-string'], setJson: flags['set-json'] };
  // Helm stops at the first problem in its order: the flags it applies before --set-file, then the files that reads.
  const before = buildUserValues({ files, ...valueFlags }).error;
  if (before) {
    throw new CliError(before);
  }
  const setFile = flags['set-file'] ?? [];
  const all: ValueFlags = { ...valueFlags, setFile, setLiteral: flags['set-literal'], setFileTexts: await readSetFiles(setFile, cwd) };
  const { error } = buildUserValues({ files, ...all });
  if (error) {
    throw new CliError(error);
  }
  return { valuesFiles, flags: all, release: { name: releaseName, namespace: flags.namespace } };
}

function isUrl(name: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(name);
}

/** The texts of the files `--set-file` names, by the path as written; the first one Helm could not read is a usage error. */
async function readSetFiles(expressions: readonly string[], cwd: string): Promise<Record<string, string>> {
  const names: string[] = [];
  for (const expression of expressions) {
    const { paths, complete } = setFilePaths(expression);
    names.push(...paths);
    if (!complete) {
      break; // Helm stops at this argument; buildUserValues says why.
    }
  }
  const unique = [...new Set(names)];
  const url = unique.find((name) => isUrl(name) || name.trim() === '-');
  if (url !== undefined) {
    throw new CliError(`--set-file '${url}': files are read from disk only, not from a URL or standard input`);
  }
  const read = await Promise.allSettled(unique.map((name) => fs.readFile(path.resolve(cwd, name), 'utf8')));
  return Object.fromEntries(
    read.map((result, index) => {
      const name = unique[index] as string;
      if (result.status === 'rejected') {
        throw new CliError(`failed parsing --set-file data: open ${name}: ${describeIoError(result.reason)}`);
      }
      return [name, result.value];
    }),
  );
}
