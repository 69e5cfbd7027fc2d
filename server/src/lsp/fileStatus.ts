import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysedDocument } from './documentAnalyses';
import type { FileStatusParams } from './protocol';
import { FileStatusNotification } from './protocol';

/**
 * After each analysis of an open document: tells the client the profile in
 * force and the image count (status bar, Images view refresh), and shows each
 * settings problem once per session rather than on every keystroke.
 */
export class FileStatusReporter {
  private readonly reportedProblems = new Set<string>();

  constructor(private readonly connection: Connection) {}

  analysed(document: TextDocument, result: AnalysedDocument): void {
    const status: FileStatusParams = {
      uri: document.uri,
      profile: result.analysis.profile,
      profileSource: result.analysis.profileSource,
      imageCount: result.analysis.images.length,
    };
    void this.connection.sendNotification(FileStatusNotification, status);
    for (const problem of result.settings.problems) {
      if (!this.reportedProblems.has(problem)) {
        this.reportedProblems.add(problem);
        this.connection.console.warn(problem);
        void this.connection.window.showWarningMessage(`Kube Image Lens: ${problem}`);
      }
    }
  }
}
