import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, Profile } from '../core/model';
import type { CancellationCheck } from '../core/analyze';
import { FileAnalyzer } from '../core/analyze';
import { mergeFileAnalyses } from '../core/units/mergeAnalyses';
import type { EditLog } from './editLog';
import type { DocumentSettings } from './settingsProvider';
import { analyzeOptionsOf } from './settingsProvider';

/** What units (kustomizations, charts) show in a file, and whether they replace the file's own analysis. */
export interface UnitView {
  covered: boolean;
  parts: readonly FileAnalysis[];
}

export interface UnitViews {
  /** Changes whenever some unit was analysed again. */
  readonly generation: number;
  viewOf(uri: string): Promise<UnitView>;
}

export interface AnalysedDocument {
  version: number;
  analysis: FileAnalysis;
  settings: DocumentSettings;
}

/**
 * One analyzer per open document (it remembers per-YAML-document results, so an
 * edit re-parses only the documents it touched) and the latest analysis per
 * (uri, version). Hover, code actions and diagnostics all read from here, so a
 * version is analysed once however many features ask.
 */
export class DocumentAnalyses {
  private readonly analyzers = new Map<string, { analyzer: FileAnalyzer; version: number | null }>();
  private readonly latest = new Map<string, AnalysedDocument>();
  private readonly overrides = new Map<string, Profile>();
  /** The latest analysis with the units' view merged in, and the unit generation it was merged at. */
  private readonly withUnits = new Map<string, { plain: AnalysedDocument; generation: number; merged: AnalysedDocument }>();

  constructor(
    private readonly settingsFor: (uri: string) => Promise<DocumentSettings>,
    /** The editor's changes; without it every analysis splits the whole text again (still reusing unchanged documents). */
    private readonly edits?: EditLog,
    /** What kustomizations and charts show in each file; without it, files show only their own analysis. */
    private readonly units?: UnitViews,
  ) {}

  /** The analysis of exactly this version, computing it if needed (synchronously once settings are known). */
  async get(document: TextDocument): Promise<AnalysedDocument> {
    const known = this.latest.get(document.uri);
    if (known && known.version === document.version) {
      return this.merged(document.uri, known);
    }
    const settings = await this.settingsFor(document.uri);
    const { version, text } = this.snapshot(document);
    return this.merged(document.uri, this.store(document.uri, version, this.analyzer(document).analyze(text, this.options(document.uri, settings)), settings));
  }

  /** Analyses in slices, giving way to other requests; null when cancelled or overtaken by a newer version. */
  async analyse(document: TextDocument, token: CancellationCheck, onPartial?: (partial: AnalysedDocument) => void): Promise<AnalysedDocument | null> {
    const known = this.latest.get(document.uri);
    if (known && known.version === document.version) {
      return this.merged(document.uri, known);
    }
    const settings = await this.settingsFor(document.uri);
    const { version, text } = this.snapshot(document);
    const analysis = await this.analyzer(document).analyzeCancellable(text, this.options(document.uri, settings), token, undefined, (partial) =>
      onPartial?.({ version, analysis: partial, settings }),
    );
    return analysis ? this.merged(document.uri, this.store(document.uri, version, analysis, settings)) : null;
  }

  /** The document's own analysis with what the units show in it; merged again only when either changed. */
  private async merged(uri: string, plain: AnalysedDocument): Promise<AnalysedDocument> {
    if (!this.units) {
      return plain;
    }
    const view = await this.units.viewOf(uri);
    const generation = this.units.generation;
    const cached = this.withUnits.get(uri);
    if (cached && cached.plain === plain && cached.generation === generation) {
      return cached.merged;
    }
    const analysis = mergeFileAnalyses(plain.analysis, view.covered, view.parts) ?? plain.analysis;
    const merged = analysis === plain.analysis ? plain : { ...plain, analysis };
    this.withUnits.set(uri, { plain, generation, merged });
    return merged;
  }

  setProfileOverride(uri: string, profile: Profile | null): void {
    if (profile) {
      this.overrides.set(uri, profile);
    } else {
      this.overrides.delete(uri);
    }
    this.latest.delete(uri);
  }

  /** Settings changed: analyses must be recomputed (per-document parse results stay valid). */
  invalidateAll(): void {
    this.latest.clear();
    this.withUnits.clear();
  }

  close(uri: string): void {
    this.analyzers.delete(uri);
    this.latest.delete(uri);
    this.withUnits.delete(uri);
    this.edits?.forget(uri);
  }

  /** The version and text analysed, read together (the document object changes in place on the next edit). */
  private snapshot(document: TextDocument): { version: number; text: string } {
    return { version: document.version, text: document.getText() };
  }

  /** The document's analyzer, brought up to the document's current text by the changes since it last looked. */
  private analyzer(document: TextDocument): FileAnalyzer {
    let entry = this.analyzers.get(document.uri);
    if (!entry) {
      entry = { analyzer: new FileAnalyzer(), version: null };
      this.analyzers.set(document.uri, entry);
    }
    const pending = this.edits?.take(document);
    if (pending && entry.version !== null && pending.fromVersion === entry.version && pending.changes.length > 0) {
      entry.analyzer.edit(pending.changes, document.getText());
    }
    entry.version = document.version;
    return entry.analyzer;
  }

  private options(uri: string, settings: DocumentSettings) {
    return analyzeOptionsOf(settings, this.overrides.get(uri));
  }

  private store(uri: string, version: number, analysis: FileAnalysis, settings: DocumentSettings): AnalysedDocument {
    const entry = { version, analysis, settings };
    const current = this.latest.get(uri);
    // Never let an older version replace a newer one.
    if (!current || current.version <= version) {
      this.latest.set(uri, entry);
    }
    return entry;
  }
}
