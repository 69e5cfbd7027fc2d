import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FixProposal } from '../../core/fixes';
import { fixesForImage, safeFixes } from '../../core/fixes';
import type { FileAnalysis, Range } from '../../core/model';
import type { DocumentAnalyses } from '../documentAnalyses';
import { DIAGNOSTIC_SOURCE } from '../convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kube-image-lens`;

export function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/** What another feature needs to offer actions for one image. */
export interface ImageActionContext {
  document: TextDocument;
  analysis: FileAnalysis;
  imageIndex: number;
  /** The diagnostics the client sent with the request. */
  diagnostics: Diagnostic[];
}

/** Extra actions from other features (registry pinning), per image. */
export type MoreActions = (context: ImageActionContext) => CodeAction[];

export async function provideCodeActions(
  document: TextDocument,
  params: CodeActionParams,
  analyses: DocumentAnalyses,
  more: MoreActions = () => [],
): Promise<CodeAction[]> {
  const { analysis, settings } = await analyses.get(document);
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (wants(only, FIX_ALL_KIND) && only) {
    const edits = safeFixes(analysis, settings.analysis);
    if (edits.length > 0) {
      actions.push({ title: 'Fix all safe kube-image-lens problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: edits } } });
    }
  }
  if (!wants(only, CodeActionKind.QuickFix)) {
    return actions;
  }
  analysis.images.forEach((image, index) => {
    const touched = [image.range, image.policyKeyRange, image.policyValueRange].some((range) => range && overlaps(range, params.range));
    if (!touched) {
      return;
    }
    for (const proposal of fixesForImage(analysis, index, settings.analysis)) {
      actions.push(toCodeAction(document.uri, proposal, params.context.diagnostics));
    }
    actions.push(...more({ document, analysis, imageIndex: index, diagnostics: params.context.diagnostics }));
  });
  return actions;
}

function toCodeAction(uri: string, proposal: FixProposal, diagnostics: Diagnostic[]): CodeAction {
  const finding = proposal.finding;
  const matching = finding
    ? diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && overlaps(d.range, finding.range))
    : [];
  return {
    title: proposal.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: proposal.preferred || undefined,
    diagnostics: matching.length > 0 ? matching : undefined,
    edit: { changes: { [uri]: proposal.edits } },
  };
}
