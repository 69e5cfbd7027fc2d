import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isSuppressed, scanDirectives } from '../../core/directives';
import type { Finding } from '../../core/model';
import { registryFindings } from '../../core/registryFindings';
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
    const observed = analysis.images.flatMap((image, index) => {
      const observation = this.registry.observation(image);
      return observation ? registryFindings(image, index, observation, analysis.profile, settings.analysis) : [];
    });
    if (observed.length === 0) {
      return [];
    }
    // Suppression comments apply as they do to the other findings (a lone \r breaks a line, as in the core).
    const suppressions = scanDirectives(document.getText().replace(/\r(?!\n)/g, '\n'), 0).suppressions;
    return observed.filter((finding) => !isSuppressed(suppressions, finding.code, finding.range.start.line));
  }
}
