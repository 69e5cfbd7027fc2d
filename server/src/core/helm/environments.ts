/**
 * Environments of a chart: the chart's own values (`default`, rendered with no `-f`) plus
 * one per values file next to it (`values-prod.yaml`, `values.prod.yaml`, `values/prod.yaml`,
 * or extra patterns from settings), each rendered as `helm template -f <file>`.
 */
import picomatch from 'picomatch';
import type { Profile } from '../model';
import { resolveProfile } from '../profile';
import type { AnalysisSettings } from '../settings';
import { DEFAULT_SETTINGS } from '../settings';

export interface Environment {
  /** `default`, or the part of the file name that names it (`prod` for values-prod.yaml). */
  name: string;
  /** The `-f` files of this environment, chart-relative, in order (none for `default`). */
  valuesFiles: string[];
  profile: Profile;
  profileSource: 'comment' | 'pattern' | 'default' | 'override';
}

export interface EnvironmentOptions {
  /** Extra chart-relative globs naming environment files (e.g. `ci/*-values.yaml`). */
  patterns?: readonly string[];
  settings?: AnalysisSettings;
  /** The chart folder relative to the workspace, so profile patterns see workspace paths. */
  chartDir?: string;
}

const BUILT_IN = [/^values[-.]([^/]+)\.ya?ml$/, /^values\/([^/]+)\.ya?ml$/];

export function discoverEnvironments(chartPaths: readonly string[], options: EnvironmentOptions = {}): Environment[] {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const extra = (options.patterns ?? []).map((pattern) => picomatch(pattern, { dot: true }));
  const workspacePath = (file: string): string => (options.chartDir ? `${options.chartDir.replace(/\/+$/, '')}/${file}` : file);
  const environments: Environment[] = [{ name: 'default', valuesFiles: [], ...profileOf(workspacePath('values.yaml'), settings) }];
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
    environments.push({ name: unique, valuesFiles: [path], ...profileOf(workspacePath(path), settings) });
  }
  return environments;
}

function nameFromFile(path: string): string {
  const base = path.split('/').pop() as string;
  return base.replace(/\.ya?ml$/, '').replace(/^values[-.]/, '').replace(/[-.]values$/, '') || base;
}

function profileOf(path: string, settings: AnalysisSettings): Pick<Environment, 'profile' | 'profileSource'> {
  const { profile, source } = resolveProfile(path, null, settings);
  return { profile, profileSource: source };
}
