import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/model';
import type { AnalysedDocument, DocumentAnalyses } from './documentAnalyses';
import { toDiagnostic, unreadableYamlDiagnostic } from './convert';
import { DebounceDelay } from './debounceDelay';
import { HeapTrimmer } from './heapTrimmer';

/**
 * Files from this size on (a few thousand lines) take long enough to analyse that the
 * top of the file is published first, and make enough garbage to collect it as we go.
 */
const BIG_FILE_CHARS = 100_000;

/**
 * Publishes diagnostics per document after a quiet period that follows what
 * the document's analysis costs (see DebounceDelay). A newer edit cancels the
 * pending or running analysis of the same document, and a result is published
 * only if its version is still the document's current one, so stale results
 * never overwrite newer ones. A long first analysis (opening a huge file)
 * publishes the top of the file first, then the whole.
 */
export class DiagnosticsScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; cancelled: boolean; version: number; immediately: boolean }>();
  private readonly delays = new Map<string, DebounceDelay>();
  private readonly heap = new HeapTrimmer();

  constructor(
    private readonly connection: Connection,
    private readonly analyses: DocumentAnalyses,
    private readonly currentDocument: (uri: string) => TextDocument | undefined,
    private readonly onAnalysed: (document: TextDocument, result: AnalysedDocument) => void,
    /** Findings from outside the analysis (the registry's), published with it. */
    private readonly extraFindings: (document: TextDocument, result: AnalysedDocument) => Finding[] = () => [],
  ) {}

  schedule(document: TextDocument, immediately = false): void {
    const queued = this.pending.get(document.uri);
    if (queued && queued.immediately && queued.version === document.version) {
      // The content event that follows an open: this very text is already being analysed without delay.
      return;
    }
    this.cancel(document.uri);
    const delay = this.delayFor(document.uri);
    const job = {
      cancelled: false,
      version: document.version,
      immediately,
      timer: setTimeout(() => void this.run(document.uri, job, immediately ? null : delay), immediately ? 0 : delay.ms()),
    };
    this.pending.set(document.uri, job);
  }

  cancel(uri: string): void {
    const job = this.pending.get(uri);
    if (job) {
      clearTimeout(job.timer);
      job.cancelled = true;
      this.pending.delete(uri);
    }
  }

  clear(uri: string): void {
    this.cancel(uri);
    this.delays.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private delayFor(uri: string): DebounceDelay {
    let delay = this.delays.get(uri);
    if (!delay) {
      delay = new DebounceDelay();
      this.delays.set(uri, delay);
    }
    return delay;
  }

  /** `delay` learns what this run costs (runs after an edit only: opening and settings changes analyse more than an edit does). */
  private async run(uri: string, job: { cancelled: boolean }, delay: DebounceDelay | null): Promise<void> {
    const document = this.currentDocument(uri);
    if (!document) {
      return;
    }
    const started = performance.now();
    const version = document.version;
    const token = {
      get isCancellationRequested() {
        return job.cancelled;
      },
    };
    const isCurrent = (): boolean => !job.cancelled && this.currentDocument(uri)?.version === version;
    try {
      // Only a run that analyses a whole big file (opening it, new settings) publishes the top of the file first;
      // an edit's run is bound by the edited documents, and a small file is analysed before anyone could look.
      const big = document.getText().length >= BIG_FILE_CHARS;
      const wantsPartial = delay === null && big;
      const publishPartial = (partial: AnalysedDocument): void => {
        if (isCurrent()) {
          void this.publish(document, version, partial);
        }
      };
      const analyse = () => this.analyses.analyse(document, token, wantsPartial ? publishPartial : undefined);
      const result = await (wantsPartial ? this.heap.during(analyse) : analyse());
      if (!result || !isCurrent()) {
        return;
      }
      this.pending.delete(uri);
      await this.publish(document, version, result);
      delay?.measured(performance.now() - started);
      if (big) {
        setImmediate(() => this.heap.trim());
      }
      this.onAnalysed(document, result);
    } catch (error) {
      this.connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private publish(document: TextDocument, version: number, result: AnalysedDocument): Promise<void> {
    const findings = result.analysis.findings.concat(this.extraFindings(document, result));
    // A parser stop is worth a diagnostic only where it may hide containers (the YAML extension shows syntax errors).
    const unreadable = result.analysis.unreadable.filter((stop) => stop.mayHideContainers).map(unreadableYamlDiagnostic);
    return this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics: findings.map(toDiagnostic).concat(unreadable) });
  }
}
