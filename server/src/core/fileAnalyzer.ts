import type { DocumentAnalysis } from './documentAnalysis';
import { analyzeDocument } from './documentAnalysis';
import { isSuppressed } from './directives';
import { evaluateImage } from './evaluateRules';
import type { FileAnalysis, Finding, ImageOccurrence, Position, Profile, Range, Suppression, UnreadableYaml } from './model';
import { resolveProfile } from './profile';
import type { AnalysisSettings } from './settings';
import { splitDocuments } from './yaml/documentChunks';

export interface AnalyzeOptions {
  /** Posix path relative to the project root, matched against profile globs. */
  path: string;
  settings: AnalysisSettings;
  /** A profile chosen by the user for this file, winning over everything else. */
  profileOverride?: Profile;
}

/** Lets a long analysis stop early when its result is no longer wanted. */
export interface CancellationCheck {
  readonly isCancellationRequested: boolean;
}

/**
 * Analyses whole files, one YAML document at a time, remembering each document's
 * result by its text: after an edit only the documents whose text changed are
 * parsed again. One analyzer per open file (or one for a CLI run).
 */
export class FileAnalyzer {
  private documents = new Map<string, DocumentAnalysis>();

  analyze(text: string, options: AnalyzeOptions): FileAnalysis {
    const steps = this.steps(text, options);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        return step.value;
      }
    }
  }

  /**
   * Like `analyze`, but yields to the event loop between documents after every
   * `sliceMs` of work, and returns null as soon as `token` is cancelled.
   */
  async analyzeCancellable(text: string, options: AnalyzeOptions, token: CancellationCheck, sliceMs = 15): Promise<FileAnalysis | null> {
    const steps = this.steps(text, options);
    let deadline = Date.now() + sliceMs;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        return step.value;
      }
      if (Date.now() >= deadline) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) {
          return null;
        }
        deadline = Date.now() + sliceMs;
      }
    }
  }

  private *steps(text: string, options: AnalyzeOptions): Generator<void, FileAnalysis, void> {
    const context = { alwaysPullImagesAdmission: options.settings.alwaysPullImagesAdmission };
    const keyPrefix = context.alwaysPullImagesAdmission ? 'A' : 'D';
    const previous = this.documents;
    const current = new Map<string, DocumentAnalysis>();
    const images: ImageOccurrence[] = [];
    const suppressions: Suppression[] = [];
    const unreadable: UnreadableYaml[] = [];
    let profileComment: Profile | null = null;

    // YAML and LSP both treat a lone \r as a line break; the parser does not, so
    // such breaks become \n (same length: every offset and position stays put).
    const loneCarriageReturns = LONE_CR.test(text);
    const chunks = splitDocuments(loneCarriageReturns ? text.replace(LONE_CR_ALL, '\n') : text);
    for (let index = 0; index < chunks.length; index++) {
      const chunk = chunks[index] as (typeof chunks)[number];
      const key = keyPrefix + chunk.text;
      let analysis = current.get(key) ?? previous.get(key);
      if (!analysis) {
        analysis = analyzeDocument(chunk.text, index, context);
        yield;
      }
      current.set(key, analysis);
      for (const image of analysis.images) {
        const placed = chunk.line === 0 && image.documentIndex === index ? image : shiftImage(image, chunk.line, index);
        images.push(loneCarriageReturns ? withCarriageReturnBreaks(placed) : placed);
      }
      for (const suppression of analysis.directives.suppressions) {
        suppressions.push(suppression.line === null ? suppression : { ...suppression, line: suppression.line + chunk.line });
      }
      if (analysis.unreadable) {
        unreadable.push({ ...analysis.unreadable, range: shiftRange(analysis.unreadable.range, chunk.line) });
      }
      profileComment ??= analysis.directives.profile;
    }
    this.documents = current;

    const { profile, source, reason } = resolveProfile(options.path, profileComment, options.settings, options.profileOverride);
    const findings: Finding[] = [];
    images.forEach((image, imageIndex) => {
      for (const finding of evaluateImage(image, imageIndex, profile, options.settings)) {
        if (!isSuppressed(suppressions, finding.code, finding.range.start.line)) {
          findings.push(finding);
        }
      }
    });
    return { profile, profileSource: source, profileReason: reason, images, findings, suppressions, unreadable };
  }
}

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/** An inserted policy line in a file whose lines end with a lone \r uses that break too. */
function withCarriageReturnBreaks(image: ImageOccurrence): ImageOccurrence {
  const insertion = image.policyInsertion;
  return insertion ? { ...image, policyInsertion: { ...insertion, prefix: insertion.prefix.replace(/\r?\n/, '\r') } } : image;
}

/** Analyses a file once, without keeping anything (CLI, tests). */
export function analyzeText(text: string, options: AnalyzeOptions): FileAnalysis {
  return new FileAnalyzer().analyze(text, options);
}

function shiftImage(image: ImageOccurrence, lines: number, documentIndex: number): ImageOccurrence {
  return {
    ...image,
    documentIndex,
    range: shiftRange(image.range, lines),
    policyKeyRange: image.policyKeyRange && shiftRange(image.policyKeyRange, lines),
    policyValueRange: image.policyValueRange && shiftRange(image.policyValueRange, lines),
    policyInsertion: image.policyInsertion && { ...image.policyInsertion, position: shiftPosition(image.policyInsertion.position, lines) },
  };
}

function shiftRange(range: Range, lines: number): Range {
  return { start: shiftPosition(range.start, lines), end: shiftPosition(range.end, lines) };
}

function shiftPosition(position: Position, lines: number): Position {
  return { line: position.line + lines, character: position.character };
}
