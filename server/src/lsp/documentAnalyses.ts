import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, Profile } from '../core/model';
import type { CancellationCheck } from '../core/analyze';
import { FileAnalyzer } from '../core/analyze';
import type { DocumentSettings } from './settingsProvider';
import { analyzeOptionsOf } from './settingsProvider';

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
  private readonly analyzers = new Map<string, FileAnalyzer>();
  private readonly latest = new Map<string, AnalysedDocument>();
  private readonly overrides = new Map<string, Profile>();

  constructor(private readonly settingsFor: (uri: string) => Promise<DocumentSettings>) {}

  /** The analysis of exactly this version, computing it if needed (synchronously once settings are known). */
  async get(document: TextDocument): Promise<AnalysedDocument> {
    const known = this.latest.get(document.uri);
    if (known && known.version === document.version) {
      return known;
    }
    const settings = await this.settingsFor(document.uri);
    return this.store(document, this.analyzer(document.uri).analyze(document.getText(), this.options(document.uri, settings)), settings);
  }

  /** Analyses in slices, giving way to other requests; null when cancelled or overtaken by a newer version. */
  async analyse(document: TextDocument, token: CancellationCheck): Promise<AnalysedDocument | null> {
    const known = this.latest.get(document.uri);
    if (known && known.version === document.version) {
      return known;
    }
    const settings = await this.settingsFor(document.uri);
    const analysis = await this.analyzer(document.uri).analyzeCancellable(document.getText(), this.options(document.uri, settings), token);
    return analysis ? this.store(document, analysis, settings) : null;
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
  }

  close(uri: string): void {
    this.analyzers.delete(uri);
    this.latest.delete(uri);
  }

  private analyzer(uri: string): FileAnalyzer {
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new FileAnalyzer();
      this.analyzers.set(uri, analyzer);
    }
    return analyzer;
  }

  private options(uri: string, settings: DocumentSettings) {
    return analyzeOptionsOf(settings, this.overrides.get(uri));
  }

  private store(document: TextDocument, analysis: FileAnalysis, settings: DocumentSettings): AnalysedDocument {
    const entry = { version: document.version, analysis, settings };
    const current = this.latest.get(document.uri);
    // Never let an older version replace a newer one.
    if (!current || current.version <= document.version) {
      this.latest.set(document.uri, entry);
    }
    return entry;
  }
}
