import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { isChartTemplate } from '../workspace/chartTemplates';
import { mergeSettings, normalizeSettings } from '../core/projectConfig';
import type { AnalyzeOptions } from '../core/analyze';
import type { Profile } from '../core/model';
import type { AnalysisSettings } from '../core/settings';
import { DEFAULT_SETTINGS } from '../core/settings';
import { fsPathOf, profilePath } from './documentPath';
import type { ProjectConfigLocator } from '../workspace/projectConfigLocator';
import { isInside } from '../workspace/projectConfigLocator';
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
  /** Editor sections per (section, scope); the same lifetime as `cache`. */
  private readonly editorCache = new Map<string, Promise<unknown>>();
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
      settings = this.load(uri, uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /**
   * Settings for a file on disk that is not open (the project index): the
   * editor's section is asked once per workspace folder, not once per file,
   * since resource settings differ by folder; the project config is still the
   * file's own.
   */
  forClosedFile(uri: string): Promise<DocumentSettings> {
    const file = fsPathOf(uri);
    const folder = file ? this.workspaceRoots().find((root) => isInside(file, root)) : undefined;
    return this.load(uri, folder === undefined ? uri : URI.file(folder).toString());
  }

  /** A `didChangeConfiguration` arrived: forget everything, keep a pushed payload for pull-less clients. */
  configurationChanged(payload: unknown): void {
    const section = sectionOf(payload);
    if (section !== undefined) {
      this.pushedSettings = section;
    }
    this.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.editorCache.delete(`${SETTINGS_SECTION}\0${uri}`);
  }

  clear(): void {
    this.cache.clear();
    this.editorCache.clear();
  }

  /** The editor's `section` for a resource (pulled when the client can), or the pushed payload. */
  editorSection(scopeUri: string, section: string = SETTINGS_SECTION): Promise<unknown> {
    const key = `${section}\0${scopeUri}`;
    let raw = this.editorCache.get(key);
    if (!raw) {
      raw = this.pullEditorSection(scopeUri, section);
      this.editorCache.set(key, raw);
    }
    return raw;
  }

  private async pullEditorSection(scopeUri: string, section: string): Promise<unknown> {
    const fallback = section === SETTINGS_SECTION ? this.pushedSettings : undefined;
    if (!this.pullSupported) {
      return fallback;
    }
    try {
      return (await this.connection.workspace.getConfiguration({ scopeUri, section })) ?? fallback;
    } catch (error) {
      this.connection.console.warn(`Could not read settings for ${scopeUri}: ${String(error)}`);
      return fallback;
    }
  }

  private async load(uri: string, scopeUri: string): Promise<DocumentSettings> {
    const raw = await this.editorSection(scopeUri);
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

/** What the core's analysis needs from a document's settings. */
export function analyzeOptionsOf(settings: DocumentSettings, profileOverride?: Profile): AnalyzeOptions {
  return { path: settings.profilePath, settings: settings.analysis, profileOverride, chartTemplate: settings.chartTemplate };
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
