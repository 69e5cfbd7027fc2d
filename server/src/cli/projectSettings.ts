import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkProjectConfig } from '../core/config/checkProjectConfig';
import { mergeSettings, parseProjectConfig, PROJECT_CONFIG_FILE } from '../core/projectConfig';
import type { AnalysisSettings } from '../core/settings';
import { DEFAULT_SETTINGS } from '../core/settings';
import { CliError, ioError } from './errors';
import { printWarning } from './io';

export interface ProjectSettings {
  settings: AnalysisSettings;
  /** Absolute directory that profile globs are relative to: the config file's, else the working directory. */
  root: string;
}

/**
 * Settings from `--config FILE`, else from `.kube-image-lens.yaml` in the
 * working directory when there is one, else the defaults. A named config that
 * is missing, or any config with errors, stops the run: CI must not quietly
 * check with different rules than the team wrote down.
 */
export async function loadProjectSettings(cwd: string, configFlag: string | undefined): Promise<ProjectSettings> {
  const configPath = path.resolve(cwd, configFlag ?? PROJECT_CONFIG_FILE);
  const displayPath = configFlag ?? PROJECT_CONFIG_FILE;
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (error) {
    if (configFlag === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: DEFAULT_SETTINGS, root: cwd };
    }
    throw ioError('read', displayPath, error);
  }
  const { settings, errors } = parseProjectConfig(text);
  if (errors.length > 0) {
    throw new CliError(`invalid configuration in '${displayPath}': ${errors.join('; ')}`);
  }
  // Unknown keys do not stop a run (older and newer versions share files), but a typo must not go unnoticed.
  for (const problem of checkProjectConfig(text).filter((found) => found.kind === 'unknown-setting')) {
    printWarning(`${displayPath}:${problem.range.start.line + 1}: ${problem.message}`);
  }
  return { settings: mergeSettings(DEFAULT_SETTINGS, settings), root: path.dirname(configPath) };
}
