import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PullPolicy } from '../../core/model';

const DOCS: Record<PullPolicy, string> = {
  Always: 'Ask the registry for the current digest on every container start; needs the registry to be reachable.',
  IfNotPresent: 'Pull only when the node does not have the image; a re-pushed tag is not picked up.',
  Never: 'Never pull; the image must already be on the node (else ErrImageNeverPull).',
};

/** After `imagePullPolicy:` (block or flow style), up to the cursor, optionally quoted. */
const POLICY_VALUE = /imagePullPolicy\s*:\s*(["']?)([A-Za-z]*)$/;

/** The three valid values, offered where a pull policy value is being typed. */
export function providePolicyCompletion(document: TextDocument, params: CompletionParams): CompletionItem[] {
  const { line, character } = params.position;
  const before = document.getText({ start: { line, character: 0 }, end: { line, character } });
  const match = POLICY_VALUE.exec(before);
  if (!match) {
    return [];
  }
  const typed = match[2] as string;
  const range = { start: { line, character: character - typed.length }, end: params.position };
  return (Object.keys(DOCS) as PullPolicy[]).map((value, index) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: DOCS[value] },
    sortText: String(index),
    textEdit: { range, newText: value },
  }));
}
