import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../core/model';
import { fileRegistryFindings } from '../../core/registryFindings';
import type { AnalysedDocument } from '../documentAnalyses';
import type { RegistryService } from './registryService';

/**
 * Registry findings of documents that have been checked: judged afresh from the
 * remembered observations each time diagnostics are published, so an edit (a
 * new tag, an added nodeSelector) re-evaluates them without any network.
 */
export class RegistryDiagnostics {
  private readonly checked = new Set<string>();

  constructor(private readonly registry: RegistryService) {}

  markChecked(uri: string): void {
    this.checked.add(uri);
  }

  forget(uri: string): void {
    this.checked.delete(uri);
  }

  clear(): void {
    this.checked.clear();
  }

  findings(document: TextDocument, analysed: AnalysedDocument): Finding[] {
    if (!this.checked.has(document.uri)) {
      return [];
    }
    const { analysis, settings } = analysed;
    return fileRegistryFindings(analysis, (image) => this.registry.observation(image), settings.analysis);
  }
}
