import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { isChartTemplate } from '../workspace/chartTemplates';
import { mergeSettings, normalizeSettings } from '../core/projectConfig';
import type { AnalysisSettings } from '../core/settings';
import { DEFAULT_SETTINGS } from '../core/settings';
import { fsPathOf, profilePath } from './documentPath';
import type { ProjectConfigLocator } from './projectConfigLocator';
import { SETTINGS_SECTION } from './protocol';

export interface DocumentSettings {
  analysis: AnalysisSettings;
  /** The raw `kubeImageLens` section, for features that read more than the analysis (registry). */
  raw: Record<string, unknown>;
  /** Path used for profile globs. */
  profilePath: string;
  /** The document is a template of a Helm chart. */
  chartTemplate: boolean;
  /** Problems in the project config file or the editor settings, to show once. */
  problems: string[];
}

/**
 * Settings for one document: built-in defaults, then the project's
 * `.kube-image-lens.yaml`, then the editor's settings for that resource (which
 * add to it). Fetched per resource through `workspace/configuration` when the
 * client supports it, else taken from the initialization options and
 * `didChangeConfiguration` payloads (Neovim, Helix…). Cached per URI until the
 * configuration changes; never kept in a global.
 */
export class SettingsProvider {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();
  private pushedSettings: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly pullSupported: boolean,
    initializationOptions: unknown,
    private readonly projectConfigs: ProjectConfigLocator,
    private readonly workspaceRoots: () => string[],
  ) {
    this.pushedSettings = sectionOf(initializationOptions);
  }

  forDocument(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** A `didChangeConfiguration` arrived: forget everything, keep a pushed payload for pull-less clients. */
  configurationChanged(payload: unknown): void {
    const section = sectionOf(payload);
    if (section !== undefined) {
      this.pushedSettings = section;
    }
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }

  private async load(uri: string): Promise<DocumentSettings> {
    let raw: unknown = this.pushedSettings;
    if (this.pullSupported) {
      try {
        raw = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) ?? this.pushedSettings;
      } catch (error) {
        this.connection.console.warn(`Could not read settings for ${uri}: ${String(error)}`);
      }
    }
    const file = fsPathOf(uri);
    const project = file ? this.projectConfigs.find(file, this.workspaceRoots()) : null;
    const editor = normalizeSettings(raw);
    const problems = [
      ...(project?.parsed.errors.map((error) => `${project.root}/.kube-image-lens.yaml: ${error}`) ?? []),
      ...editor.errors.map((error) => `settings: ${error}`),
    ];
    const root = project?.root ?? this.workspaceRoots().find((folder) => file?.startsWith(folder)) ?? null;
    return {
      analysis: mergeSettings(DEFAULT_SETTINGS, project?.parsed.settings ?? {}, editor.settings),
      raw: raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {},
      profilePath: profilePath(uri, root),
      chartTemplate: file !== null && isChartTemplate(file),
      problems,
    };
  }
}

/** Accepts either the section itself or an object holding it under `kubeImageLens`. */
function sectionOf(payload: unknown): unknown {
  if (payload && typeof payload === 'object') {
    const record = payload as Record<string, unknown>;
    if (SETTINGS_SECTION in record) {
      return record[SETTINGS_SECTION];
    }
    if ('settings' in record) {
      return sectionOf(record.settings);
    }
  }
  return payload ?? undefined;
}

export function workspaceFolderPaths(folders: ReadonlyArray<{ uri: string }> | null | undefined): string[] {
  return (folders ?? []).map((folder) => URI.parse(folder.uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
}
