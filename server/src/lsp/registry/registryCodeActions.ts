import type { CodeAction } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { RuleCode } from '../../core/model';
import { DIAGNOSTIC_SOURCE } from '../convert';
import type { ImageActionContext, MoreActions } from '../features/codeActions';
import { overlaps } from '../features/codeActions';
import type { PinImageArgs } from '../protocol';
import { ServerCommands } from '../protocol';
import { documentPinPlan } from './pinPlan';

/** Findings a fresh digest resolves. */
const STALE_PIN_CODES: readonly RuleCode[] = ['digest-drift', 'platform-digest'];

/**
 * "Pin to its current digest" for a tag, "Refresh pinned digest" for tag@digest.
 * Both run the `pinImage` command, so the lookup happens when the user picks the
 * action, never while the editor asks which actions exist. Nothing is offered
 * in an untrusted workspace, where the command would refuse.
 */
export function registryCodeActions(trusted: () => boolean): MoreActions {
  return ({ document, analysis, imageIndex, diagnostics }: ImageActionContext): CodeAction[] => {
    const image = analysis.images[imageIndex];
    if (!image || !trusted() || documentPinPlan(document, image, { refresh: true }).kind !== 'lookup') {
      return [];
    }
    const args: PinImageArgs = { uri: document.uri, line: image.range.start.line, character: image.range.start.character };
    const digest = image.reference.digest;
    if (digest === null) {
      const title = `Pin \`${image.image}\` to its current digest`;
      return [{ title, kind: CodeActionKind.QuickFix, command: { title, command: ServerCommands.pinImage, arguments: [args] } }];
    }
    // The digest is a literal suffix of the written image (`name:tag@digest`).
    const title = `Refresh pinned digest of \`${image.image.slice(0, -(digest.length + 1))}\``;
    const stale = diagnostics.filter(
      (diagnostic) =>
        diagnostic.source === DIAGNOSTIC_SOURCE && STALE_PIN_CODES.includes(diagnostic.code as RuleCode) && overlaps(diagnostic.range, image.range),
    );
    return [
      {
        title,
        kind: CodeActionKind.QuickFix,
        ...(stale.length > 0 ? { diagnostics: stale, isPreferred: true } : {}),
        command: { title, command: ServerCommands.pinImage, arguments: [args] },
      },
    ];
  };
}
