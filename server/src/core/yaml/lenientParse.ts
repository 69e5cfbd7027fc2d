import type { Document, YAMLError } from 'yaml';
import { parseDocument } from 'yaml';

const PARSE_OPTIONS = { strict: false, prettyErrors: false, uniqueKeys: false, merge: true } as const;

/** How many under-indented lines one document may have repaired; a bound, so broken input cannot loop long. */
const MAX_REPAIRS = 256;

/** The `yaml` package's complaint about a flow collection line indented no deeper than its block parent. */
const UNDER_INDENTED_FLOW = /^Flow (sequence|mapping) in block collection must be sufficiently indented/;
/** Its complaint when a quoted scalar's next line is indented no deeper than its key: it cuts the scalar at that line break. */
const CUT_QUOTED_SCALAR = /^Missing closing .?quote/;

export interface LenientParse {
  doc: Document;
  /** The first error the parser could not get past; null when the document was read completely. */
  error: YAMLError | null;
}

/**
 * Parses one YAML document the way Kubernetes' Go parser reads it where the
 * two disagree. Go's scanner ignores indentation inside flow collections and
 * quoted scalars, so `args: ["` … `"]` with the closing line at the
 * indentation of `args` (common in Argo examples), or a quoted `description:`
 * whose next lines are indented less than the key (generated CRDs), are
 * accepted there, while the `yaml` package ends the collection or scalar
 * early and loses everything after it. Such a line is joined to the previous
 * one by turning the line break into spaces: there a line break is only white
 * space (folded to one space in a quoted scalar), and the text keeps its
 * length, so every offset stays valid for the original. The repair is kept
 * only when it yields a document without errors.
 */
export function parseLeniently(source: string): LenientParse {
  const doc = parseDocument(source, PARSE_OPTIONS);
  if (doc.errors.length === 0) {
    return { doc, error: null };
  }
  let repairedText = source;
  let errors = doc.errors;
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt++) {
    const lineBreak = underIndentedFlowLineBreak(errors, repairedText);
    if (lineBreak === null) {
      break;
    }
    repairedText = joinAt(repairedText, lineBreak);
    const repaired = parseDocument(repairedText, PARSE_OPTIONS);
    if (repaired.errors.length === 0) {
      return { doc: repaired, error: null };
    }
    errors = repaired.errors;
  }
  return { doc, error: doc.errors[0] ?? null };
}

/**
 * Offset of the line break before the line an under-indented flow error
 * points into, when only blanks precede the error on that line and the line
 * before has no comment (joining would comment the line out).
 */
function underIndentedFlowLineBreak(errors: readonly YAMLError[], text: string): number | null {
  const cut = errors.find((candidate) => candidate.code === 'MISSING_CHAR' && CUT_QUOTED_SCALAR.test(candidate.message));
  const cutAt = cut === undefined ? -1 : text.indexOf('\n', cut.pos[0]);
  if (cut !== undefined && cutAt !== -1 && cutAt <= cut.pos[0] + 1) {
    return cutAt;
  }
  const error = errors.find((candidate) => candidate.code === 'BAD_INDENT' && UNDER_INDENTED_FLOW.test(candidate.message));
  if (error === undefined) {
    return null;
  }
  const at = error.pos[0];
  const lineBreak = text.lastIndexOf('\n', at - 1);
  if (lineBreak <= 0 || text.slice(lineBreak + 1, at).trim() !== '') {
    return null;
  }
  const previousLine = text.slice(text.lastIndexOf('\n', lineBreak - 1) + 1, lineBreak);
  if (/(^|\s)#/.test(previousLine)) {
    return null;
  }
  return lineBreak;
}

/** Replaces the line break at `lineBreak` (and a `\r` before it) by spaces. */
function joinAt(text: string, lineBreak: number): string {
  const start = text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  return text.slice(0, start) + ' '.repeat(lineBreak + 1 - start) + text.slice(lineBreak + 1);
}
