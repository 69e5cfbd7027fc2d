import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/model';
import type { AnalysedDocument, DocumentAnalyses } from './documentAnalyses';
import { toDiagnostic, unreadableYamlDiagnostic } from './convert';

/**
 * Publishes diagnostics per document after a short quiet period. A newer edit
 * cancels the pending or running analysis of the same document, and a result is
 * published only if its version is still the document's current one, so stale
 * results never overwrite newer ones.
 */
export class DiagnosticsScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; cancelled: boolean }>();

  constructor(
    private readonly connection: Connection,
    private readonly analyses: DocumentAnalyses,
    private readonly currentDocument: (uri: string) => TextDocument | undefined,
    private readonly onAnalysed: (document: TextDocument, result: AnalysedDocument) => void,
    /** Findings from outside the analysis (the registry's), published with it. */
    private readonly extraFindings: (document: TextDocument, result: AnalysedDocument) => Finding[] = () => [],
    private readonly delayMs = 200,
  ) {}

  schedule(document: TextDocument, immediately = false): void {
    this.cancel(document.uri);
    const job = { cancelled: false, timer: setTimeout(() => void this.run(document.uri, job), immediately ? 0 : this.delayMs) };
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
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string, job: { cancelled: boolean }): Promise<void> {
    const document = this.currentDocument(uri);
    if (!document) {
      return;
    }
    const version = document.version;
    const token = {
      get isCancellationRequested() {
        return job.cancelled;
      },
    };
    try {
      const result = await this.analyses.analyse(document, token);
      const current = this.currentDocument(uri);
      if (!result || job.cancelled || !current || current.version !== version) {
        return;
      }
      this.pending.delete(uri);
      await this.connection.sendDiagnostics({
        uri,
        version,
        diagnostics: [
          ...[...result.analysis.findings, ...this.extraFindings(current, result)].map((finding) => toDiagnostic(finding, version)),
          ...result.analysis.unreadable.filter((unreadable) => unreadable.mayHideContainers).map(unreadableYamlDiagnostic),
        ],
      });
      this.onAnalysed(document, result);
    } catch (error) {
      this.connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
