import * as path from 'node:path';
import type { Connection, FileEvent, Position, TextDocuments } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeText } from '../core/analyze';
import type { AnalysisJob } from '../workspace/analysisJob';
import type { FileAnalysis } from '../core/model';
import { PROJECT_CONFIG_FILE } from '../core/projectConfig';
import type { ExcludeGlobs, ExclusionRules } from '../workspace/exclusions';
import { forgetChartFolder } from '../workspace/chartTemplates';
import { exclusionRules } from '../workspace/exclusions';
import type { DiscoveredPath, InputFile } from '../workspace/files';
import { discoverFiles, isDiscoverable } from '../workspace/files';
import type { IndexSnapshot, UnitOutcome } from '../workspace/projectIndex';
import { ProjectIndex } from '../workspace/projectIndex';
import type { ProjectConfigLocator } from '../workspace/projectConfigLocator';
import { PooledAnalysis } from '../workspace/pooledAnalysis';
import { DEFAULT_MAX_FILE_SIZE_MIB } from '../workspace/readText';
import type { AnalysedUnit } from '../workspace/units';
import { analyzeUnit, unitRootOf } from '../workspace/units';
import type { UnitView, UnitViews } from './documentAnalyses';
import { unitsHoverMarkdown } from '../core/units/unitHover';
import { HelmRenderCache } from '../core/units/helmRenderCache';
import type { DocumentSettings, SettingsProvider } from './settingsProvider';
import { analyzeOptionsOf } from './settingsProvider';

/** `kubeImageLens.maxFileSizeMiB` for a file, the default when unset or not a positive number. */
export function maxFileSizeMiBOf(settings: DocumentSettings): number {
  const value = settings.raw.maxFileSizeMiB;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_MAX_FILE_SIZE_MIB;
}

/** What reading and analysing a closed file takes, the same on the server's thread and in a worker. */
export function analysisJobOf(file: InputFile, settings: DocumentSettings): AnalysisJob {
  return { file, options: analyzeOptionsOf(settings), maxFileSizeMiB: maxFileSizeMiBOf(settings) };
}

/** `$/progress` reports at most every this many files: thousands of notifications would cost more than the work. */
const PROGRESS_EVERY = 200;

/** Globs the server asks the client to watch (on top of what the VS Code client registers itself). */
export const WATCHED_FILES = ['**/*.{yaml,yml}', '**/Chart.yaml', `**/${PROJECT_CONFIG_FILE}`, '**/*.tgz'];

export interface WorkspaceIndexOptions {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: () => SettingsProvider;
  projectConfigs: ProjectConfigLocator;
  workspaceRoots: () => string[];
  /** What some units deploy may have changed: open documents should be published again. */
  unitsChanged: () => void;
}

/**
 * The project index of the language server: every manifest of the workspace
 * folders analysed once in the background after start-up (work-done progress,
 * cancellable), then kept current from file-watcher events and closed
 * documents. Open documents are read from the editor, never from disk.
 */
export class WorkspaceIndex implements UnitViews {
  private readonly index: ProjectIndex<FileAnalysis>;
  /** Kustomizations (and their reverse dependencies): what they deploy, per file they show it in. */
  private readonly units: ProjectIndex<AnalysedUnit>;
  private unitGeneration = 0;
  /** Files some unit read at the last look: an edit of one changes what other files show. */
  private unitReads = new Set<string>();
  /** Each chart's renderings per environment: a stale chart renders again only the environments whose inputs changed. */
  private readonly renderCaches = new Map<string, HelmRenderCache>();
  /** Closed files: on worker threads once a build is large. */
  private readonly closedFiles: PooledAnalysis;
  private rules: ExclusionRules;
  private running: AbortController | null = null;
  /** The latest build; queries wait for it. */
  private built: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkspaceIndexOptions) {
    this.rules = this.exclusions([]);
    this.closedFiles = new PooledAnalysis((line) => options.connection.console.info(line));
    this.index = new ProjectIndex({
      discover: () => this.discover(),
      includes: (absolutePath) => isDiscoverable(absolutePath, options.workspaceRoots(), this.rules),
      analyze: (file) => this.analyze(file),
      concurrency: () => this.closedFiles.concurrency,
    });
    this.units = new ProjectIndex({
      discover: () => this.discoverUnits(),
      includes: (absolutePath) => unitRootOf(absolutePath) !== null && isDiscoverable(absolutePath, options.workspaceRoots(), this.rules),
      analyze: (file) => this.analyzeUnit(file),
    });
  }

  get generation(): number {
    return this.unitGeneration;
  }

  /** What the units show in a file, and whether they replace the file's own analysis. Never waits for the workspace build. */
  async viewOf(uri: string): Promise<UnitView> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') {
      return { covered: false, parts: [] };
    }
    const file = parsed.fsPath;
    const parts: FileAnalysis[] = [];
    let covered = false;
    const reads = new Set<string>();
    for (const analysed of await this.analysedUnits()) {
      const part = analysed.files.get(file);
      if (part) {
        parts.push(part);
      }
      covered ||= analysed.covers.includes(file);
      analysed.reads.forEach((read) => reads.add(read));
    }
    this.unitReads = reads;
    return { covered, parts };
  }

  /** Every unit that could be analysed (stale ones analysed again first). Never waits for the workspace build. */
  async analysedUnits(): Promise<AnalysedUnit[]> {
    const { units } = await this.units.snapshot();
    return units.flatMap(({ outcome }) => (outcome.kind === 'analysed' ? [outcome.result] : []));
  }

  /** What the units say about a place in a file (every environment side by side), or null when no unit image is there. */
  async unitHover(uri: string, position: Position): Promise<string | null> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') {
      return null;
    }
    const { units } = await this.units.snapshot();
    const analysed = units.flatMap(({ outcome }) => (outcome.kind === 'analysed' ? [outcome.result.unit] : []));
    return unitsHoverMarkdown(analysed, parsed.fsPath, position);
  }

  /** An open document changed: units that read it are analysed again; true when some unit reads it (other files may show something new). */
  documentChanged(uri: string): boolean {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') {
      return false;
    }
    this.units.fileChanged(parsed.fsPath);
    return this.unitReads.has(parsed.fsPath) || unitRootOf(parsed.fsPath) !== null;
  }

  /** (Re)indexes the workspace in the background; a running build is cancelled. */
  rebuild(): void {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.built = this.runBuild(controller).catch((error: unknown) => {
      this.options.connection.console.error(`Indexing the workspace failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /** The server shuts down: worker threads stop. */
  close(): Promise<void> {
    return this.closedFiles.close();
  }

  /** The index once the running build is done, stale units analysed again. */
  async snapshot(): Promise<IndexSnapshot<FileAnalysis>> {
    // A rebuild may start while waiting (a config file changed): wait for the newest.
    for (let build = this.built; ; build = this.built) {
      await build;
      if (build === this.built) {
        return this.index.snapshot();
      }
    }
  }

  /** Applies file-watcher events; says `settings` when a project config changed (then the whole index is rebuilt). */
  watchedFilesChanged(changes: readonly FileEvent[]): 'settings' | 'files' {
    const paths = changes.map((change) => ({ type: change.type, path: URI.parse(change.uri) })).filter((change) => change.path.scheme === 'file');
    if (paths.some((change) => path.basename(change.path.fsPath) === PROJECT_CONFIG_FILE)) {
      // Settings and exclusions of a whole subtree changed: simpler and safer to start over than to work out which files.
      this.options.projectConfigs.invalidate();
      this.rebuild();
      return 'settings';
    }
    for (const change of paths) {
      if (path.basename(change.path.fsPath) === 'Chart.yaml' && change.type !== FileChangeType.Changed) {
        // A chart appeared or went: its templates are read as Helm templates now, or no longer.
        const chart = path.dirname(change.path.fsPath);
        forgetChartFolder(chart);
        this.index.staleUnder(path.join(chart, 'templates'));
      }
      if (change.type === FileChangeType.Deleted) {
        this.index.pathDeleted(change.path.fsPath);
        this.units.pathDeleted(change.path.fsPath);
      } else {
        this.index.fileChanged(change.path.fsPath);
        this.units.fileChanged(change.path.fsPath);
      }
    }
    if (paths.some((change) => this.unitReads.has(change.path.fsPath) || unitRootOf(change.path.fsPath) !== null)) {
      this.options.unitsChanged();
    }
    return 'files';
  }

  /** The editor's text no longer stands for the file: the disk's may differ (unsaved edits dropped). */
  documentClosed(uri: string): void {
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file') {
      this.index.fileChanged(parsed.fsPath);
      this.units.fileChanged(parsed.fsPath);
    }
  }

  private async runBuild(controller: AbortController): Promise<void> {
    const { connection } = this.options;
    const rules = this.exclusions(await this.editorExcludes());
    const progress = await connection.window.createWorkDoneProgress().catch(() => null);
    if (controller.signal.aborted) {
      // A newer build started while this one waited: it must not clear what that one indexes.
      progress?.done();
      return;
    }
    this.rules = rules;
    progress?.begin('Indexing Kubernetes manifests', undefined, undefined, true);
    const cancelled = progress?.token.onCancellationRequested(() => controller.abort());
    const buildDone = this.closedFiles.beginBuild();
    try {
      await this.index.build({
        signal: controller.signal,
        report: (indexed) => {
          if (indexed % PROGRESS_EVERY === 0) {
            progress?.report(`${indexed} files`);
          }
        },
      });
      await this.units.build({ signal: controller.signal, report: (built) => progress?.report(`${built} kustomizations`) });
      this.options.unitsChanged();
    } finally {
      buildDone();
      cancelled?.dispose();
      progress?.done();
    }
  }

  private exclusions(editorExcludes: readonly ExcludeGlobs[]): ExclusionRules {
    return exclusionRules((absolutePath) => this.options.projectConfigs.find(absolutePath, this.options.workspaceRoots()), editorExcludes);
  }

  /** The editor's `files.exclude` per workspace folder (globs set to true). */
  private async editorExcludes(): Promise<ExcludeGlobs[]> {
    return Promise.all(
      this.options.workspaceRoots().map(async (root) => {
        const section = await this.options.settings().editorSection(URI.file(root).toString(), 'files.exclude');
        const globs = section && typeof section === 'object' ? Object.entries(section).filter(([, on]) => on === true).map(([glob]) => glob) : [];
        return { root, globs };
      }),
    );
  }

  private async *discover(): AsyncGenerator<DiscoveredPath> {
    for (const root of this.options.workspaceRoots()) {
      for await (const item of discoverFiles([root], root, this.rules)) {
        if (item.kind === 'unreadable') {
          this.options.connection.console.warn(item.error.message);
        }
        yield item;
      }
    }
  }

  private async analyze(file: InputFile): Promise<UnitOutcome<FileAnalysis>> {
    const uri = URI.file(file.absolutePath).toString();
    const settings = await this.options.settings().forClosedFile(uri);
    const open = this.options.documents.get(uri);
    if (open) {
      return { kind: 'analysed', result: analyzeText(open.getText(), analyzeOptionsOf(settings)), reads: [file.absolutePath] };
    }
    const outcome = await this.closedFiles.analyse(analysisJobOf(file, settings));
    if (outcome.kind === 'analysed') {
      return { kind: 'analysed', result: outcome.analysis, reads: [file.absolutePath] };
    }
    if (outcome.kind === 'unreadable') {
      this.options.connection.console.warn(outcome.message);
    } else if (outcome.cause === 'size') {
      this.options.connection.console.info(`Not indexed: ${file.absolutePath}: ${outcome.reason}`);
    }
    return outcome;
  }

  private async *discoverUnits(): AsyncGenerator<DiscoveredPath> {
    for await (const item of this.discover()) {
      if (item.kind === 'file' && unitRootOf(item.file.absolutePath)) {
        yield item;
      }
    }
  }

  private renderCacheOf(folder: string): HelmRenderCache {
    let cache = this.renderCaches.get(folder);
    if (!cache) {
      cache = new HelmRenderCache();
      this.renderCaches.set(folder, cache);
    }
    return cache;
  }

  private async analyzeUnit(file: InputFile): Promise<UnitOutcome<AnalysedUnit>> {
    const root = unitRootOf(file.absolutePath);
    const settings = await this.options.settings().forClosedFile(URI.file(file.absolutePath).toString());
    const openText = (absolutePath: string): string | undefined => this.options.documents.get(URI.file(absolutePath).toString())?.getText();
    const analysed = root ? analyzeUnit(root, settings.analysis, path.posix.dirname(settings.profilePath), openText, root.kind === 'helm' ? { renderCache: this.renderCacheOf(root.folder) } : {}) : null;
    this.unitGeneration++;
    if (!analysed) {
      this.renderCaches.delete(root?.folder ?? '');
      return { kind: 'unreadable', message: `${file.absolutePath}: no kustomization to build` };
    }
    return { kind: 'analysed', result: analysed, reads: [file.absolutePath, ...analysed.reads] };
  }
}
