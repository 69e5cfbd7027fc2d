import * as path from 'node:path';
import { checkProjectConfig } from '../core/config/checkProjectConfig';
import { mergeSettings, PROJECT_CONFIG_FILE } from '../core/projectConfig';
import type { AnalysisSettings } from '../core/settings';
import { DEFAULT_SETTINGS } from '../core/settings';
import type { ExclusionRules } from '../workspace/exclusions';
import { exclusionRules } from '../workspace/exclusions';
import { displayPathFor } from '../workspace/paths';
import type { ProjectConfig } from '../workspace/projectConfigLocator';
import { ProjectConfigLocator } from '../workspace/projectConfigLocator';
import { CliError, ioError } from './errors';
import { printWarning } from './io';

export interface FileSettings {
  settings: AnalysisSettings;
  /** Absolute directory that profile globs are relative to: the config file's, else the working directory. */
  root: string;
}

/** The settings of the run: those of the working directory (or `--config`), and those of each file. */
export interface ProjectSettings extends FileSettings {
  /** The nearest `.kube-image-lens.yaml` above the file (up to the working directory), or `--config` for every file. Throws CliError for an invalid one. */
  forFile(absolutePath: string): FileSettings;
  /** Built-in exclusions plus the `exclude` globs of the config governing each path. */
  exclusions: ExclusionRules;
}

/**
 * Settings from `--config FILE` for every file, else from the nearest
 * `.kube-image-lens.yaml` above each file, else the defaults. A named config
 * that is missing, or any config with errors, stops the run: CI must not
 * quietly check with different rules than the team wrote down.
 */
export async function loadProjectSettings(cwd: string, configFlag: string | undefined): Promise<ProjectSettings> {
  const locator = new ProjectConfigLocator();
  const fixed = configFlag === undefined ? undefined : readNamedConfig(path.resolve(cwd, configFlag), configFlag);
  const configFor = (absolutePath: string): ProjectConfig | null => fixed ?? locator.find(absolutePath, [cwd]);
  const merged = new Map<string, FileSettings>();
  const forConfig = (config: ProjectConfig | null): FileSettings => {
    if (!config) {
      return { settings: DEFAULT_SETTINGS, root: cwd };
    }
    let settings = merged.get(config.file);
    if (!settings) {
      if (config.parsed.errors.length > 0) {
        const shown = configFlag ?? displayPathFor(config.file, false, cwd);
        throw new CliError(`invalid configuration in '${shown}': ${config.parsed.errors.join('; ')}`);
      }
      // Unknown keys do not stop a run (older and newer versions share files), but a typo must not go unnoticed.
      for (const problem of checkProjectConfig(config.text).filter((found) => found.kind === 'unknown-setting')) {
        printWarning(`${configFlag ?? displayPathFor(config.file, false, cwd)}:${problem.range.start.line + 1}: ${problem.message}`);
      }
      settings = { settings: mergeSettings(DEFAULT_SETTINGS, config.parsed.settings), root: config.root };
      merged.set(config.file, settings);
    }
    return settings;
  };
  // The working directory's own config is checked before any output, as a named one is.
  const base = forConfig(configFor(path.join(cwd, PROJECT_CONFIG_FILE)));
  return {
    ...base,
    forFile: (absolutePath) => forConfig(configFor(absolutePath)),
    exclusions: exclusionRules(configFor),
  };
}

function readNamedConfig(absolutePath: string, given: string): ProjectConfig {
  try {
    return ProjectConfigLocator.read(absolutePath);
  } catch (error) {
    throw ioError('read', given, error);
  }
}
