import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildUserValues } from '../core/helm/values/userValues';
import type { HelmRenderingOptions } from '../workspace/units';
import type { OptionsConfig } from './args';
import { CliError, ioError } from './errors';

/** `helm template`'s rendering flags, for the commands that read charts (`images`, `check`, `pin`). */
export const HELM_RENDERING_OPTIONS = {
  values: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'set-string': { type: 'string', multiple: true },
  'release-name': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const satisfies OptionsConfig;

/** What the help says about charts, before its options. */
export const HELM_RENDERING_DESCRIPTION = `A Helm chart (a folder with Chart.yaml) is rendered like \`helm template\`:
without --values, --set, --set-string, --release-name and --namespace, once
per environment (the chart's own values as 'default', plus each
values-*.yaml, values.*.yaml and values/*.yaml beside it); with any of them,
exactly once, as \`helm template NAME CHART\` with the same flags would. That
rendering's environment is named after the last --values file
(values-prod.yaml -> prod, envs/staging.yaml -> staging), else 'cli', and its
profile follows that file's path as any file's does. The flags apply to every
chart under PATH; a PATH holding no chart is read as usual, with a warning;
when no PATH holds a chart, or a values file cannot be read or parsed, the
command stops with status 2.`;

const OPTION_LINES: [string, string[]][] = [
  ['    --values <file>', ["values file applied after the chart's", 'values.yaml, left to right (repeatable;', 'a comma separates files, as in helm -f)']],
  ['    --set <key=value>', ['set a value as helm --set (repeatable)']],
  ['    --set-string <key=value>', ['set a string as helm --set-string', '(repeatable)']],
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

interface HelmFlagValues {
  values?: string[];
  set?: string[];
  'set-string'?: string[];
  'release-name'?: string;
  namespace?: string;
}

/** The flags as one rendering, values files read; undefined when none is given. A file that cannot be read, or values Helm would refuse, is a usage error. */
export async function readHelmRendering(flags: HelmFlagValues, cwd: string): Promise<HelmRenderingOptions | undefined> {
  const given = [flags.values, flags.set, flags['set-string'], flags['release-name'], flags.namespace];
  if (given.every((flag) => flag === undefined)) {
    return undefined;
  }
  const releaseName = flags['release-name'];
  if (releaseName !== undefined && !(RELEASE_NAME.test(releaseName) && releaseName.length <= MAX_RELEASE_NAME)) {
    throw new CliError(`invalid value '${releaseName}' for --release-name: Helm requires lowercase letters, digits, '-' and '.', at most ${MAX_RELEASE_NAME} characters`, { showUsage: true });
  }
  // Helm's --values is a string slice: `-f a.yaml,b.yaml` names two files.
  const names = (flags.values ?? []).flatMap((value) => value.split(',')).filter((name) => name !== '');
  const url = names.find((name) => /^[a-z][a-z0-9+.-]*:\/\//i.test(name));
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
  const rendering: HelmRenderingOptions = {
    valuesFiles,
    set: flags.set ?? [],
    setString: flags['set-string'] ?? [],
    release: { name: releaseName, namespace: flags.namespace },
  };
  const { error } = buildUserValues({ files: valuesFiles.map(({ absolutePath, text }) => ({ file: path.relative(cwd, absolutePath), text })), set: rendering.set, setString: rendering.setString });
  if (error) {
    throw new CliError(error);
  }
  return rendering;
}
