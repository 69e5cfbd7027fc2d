/**
 * Environments of a chart: the chart's own values (`default`, rendered with no `-f`) plus
 * one per values file next to it (`values-prod.yaml`, `values.prod.yaml`, `values/prod.yaml`,
 * or extra patterns from settings), each rendered as `helm template -f <file>`; or exactly
 * one explicit rendering (the CLI's `--values`/`--set`…/`--release-name`).
 */
import picomatch from 'picomatch';
import type { Profile } from '../model';
import { resolveProfile } from '../profile';
import type { AnalysisSettings } from '../settings';
import { DEFAULT_SETTINGS } from '../settings';
import type { ReleaseOptions } from './renderData';
import type { ValueFlags } from './values/userValues';

export interface Environment {
  /** `default`, or the part of the file name that names it (`prod` for values-prod.yaml). */
  name: string;
  /** The `-f` files of this environment, chart-relative, in order (none for `default`). */
  valuesFiles: string[];
  profile: Profile;
  profileSource: 'comment' | 'pattern' | 'default' | 'override';
  /** Texts of `valuesFiles` given by the adapter (files outside the chart folder); others are read from the chart. */
  valuesTexts?: Readonly<Record<string, string>>;
  /** `--set`, `--set-json`, `--set-file`… (with the texts of the files named). */
  flags?: ValueFlags;
  release?: ReleaseOptions;
  /** Spelled out by the user: other environments are not known, so its pins stay in its own values files when it has any. */
  explicit?: boolean;
}

/** One rendering the user spelled out, as `helm template NAME CHART -f … --set … --set-json …` takes it. */
export interface ExplicitRendering {
  /** `-f` files in order: chart-relative `/`-separated names (`../envs/prod.yaml` outside the chart) and texts. */
  valuesFiles: readonly { file: string; text: string }[];
  flags: ValueFlags;
  release: ReleaseOptions;
}

/** The environment name of an explicit rendering when no values file names it. */
export const EXPLICIT_ENVIRONMENT = 'cli';

export interface EnvironmentOptions {
  /** Extra chart-relative globs naming environment files (e.g. `ci/*-values.yaml`). */
  patterns?: readonly string[];
  settings?: AnalysisSettings;
  /** The chart folder relative to the workspace, so profile patterns see workspace paths. */
  chartDir?: string;
  /** Every environment gets this profile (the CLI's --profile). */
  profileOverride?: Profile;
}

const BUILT_IN = [/^values[-.]([^/]+)\.ya?ml$/, /^values\/([^/]+)\.ya?ml$/];

export function discoverEnvironments(chartPaths: readonly string[], options: EnvironmentOptions = {}): Environment[] {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const extra = (options.patterns ?? []).map((pattern) => picomatch(pattern, { dot: true }));
  const workspacePath = (file: string): string => (options.chartDir ? `${options.chartDir.replace(/\/+$/, '')}/${file}` : file);
  const environments: Environment[] = [{ name: 'default', valuesFiles: [], ...profileOf(workspacePath('values.yaml'), settings, options.profileOverride) }];
  const seen = new Set<string>(['default']);
  for (const path of [...chartPaths].sort()) {
    if (path === 'values.yaml' || path.startsWith('charts/') || path.startsWith('templates/')) {
      continue;
    }
    const builtIn = BUILT_IN.map((pattern) => pattern.exec(path)).find((match) => match !== null);
    const name = builtIn ? (builtIn[1] as string) : extra.some((test) => test(path)) ? nameFromFile(path) : null;
    if (name === null || !/\.ya?ml$/.test(path)) {
      continue;
    }
    // Two files naming the same environment (values-prod.yaml and values/prod.yaml) stay apart.
    const unique = seen.has(name) ? path : name;
    seen.add(unique);
    environments.push({ name: unique, valuesFiles: [path], ...profileOf(workspacePath(path), settings, options.profileOverride) });
  }
  return environments;
}

/**
 * The single environment of an explicit rendering: named after its last values file as a
 * discovered one would be (`values-prod.yaml` → prod, `envs/staging.yaml` → staging), else
 * `cli`; its profile follows that file's workspace path (else the chart's values.yaml) by the usual rules.
 */
export function explicitEnvironment(rendering: ExplicitRendering, options: Omit<EnvironmentOptions, 'patterns'> = {}): Environment {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const last = rendering.valuesFiles[rendering.valuesFiles.length - 1];
  const chartDir = options.chartDir?.replace(/\/+$/, '');
  const workspacePath = normalizePath(chartDir ? `${chartDir}/${last?.file ?? 'values.yaml'}` : (last?.file ?? 'values.yaml'));
  return {
    name: last ? nameFromFile(last.file) : EXPLICIT_ENVIRONMENT,
    valuesFiles: rendering.valuesFiles.map(({ file }) => file),
    ...profileOf(workspacePath, settings, options.profileOverride),
    valuesTexts: Object.fromEntries(rendering.valuesFiles.map(({ file, text }) => [file, text])),
    flags: rendering.flags,
    release: rendering.release,
    explicit: true,
  };
}

/** `a/b/../c` → `a/c`, so profile patterns see the path a user would write. */
function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') {
      parts.pop();
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  return parts.join('/');
}

function nameFromFile(path: string): string {
  const base = path.split('/').pop() as string;
  return base.replace(/\.ya?ml$/, '').replace(/^values[-.]/, '').replace(/[-.]values$/, '') || base;
}

function profileOf(path: string, settings: AnalysisSettings, override: Profile | undefined): Pick<Environment, 'profile' | 'profileSource'> {
  const { profile, source } = resolveProfile(path, null, settings, override);
  return { profile, profileSource: source };
}
