import { analyzeDocument } from './documentAnalysis';
import type { Directives } from './directives';
import { isSuppressed, scanDirectives } from './directives';
import { evaluateImage } from './evaluateRules';
import type { FileAnalysis, Finding, ImageOccurrence, Position, Profile, Range, SourceLocation, Suppression, UnreadableYaml } from './model';
import { resolveProfile } from './profile';
import type { AnalysisSettings } from './settings';
import type { DocumentText, PlacedDocument, TextChange } from './yaml/editableDocuments';
import { EditableDocuments } from './yaml/editableDocuments';

export type { TextChange } from './yaml/editableDocuments';

export interface AnalyzeOptions {
  /** Posix path relative to the project root, matched against profile globs. */
  path: string;
  settings: AnalysisSettings;
  /** A profile chosen by the user for this file, winning over everything else. */
  profileOverride?: Profile;
  /** The file is a template of a Helm chart (under `templates/` next to a `Chart.yaml`). */
  chartTemplate?: boolean;
}

/** Lets a long analysis stop early when its result is no longer wanted. */
export interface CancellationCheck {
  readonly isCancellationRequested: boolean;
}

/** What one YAML document's text gave, kept on the document while its text is unchanged. */
interface DocumentResults {
  directives: Directives;
  /** The document has a lone `\r` line break (the parser only knows `\n`). */
  loneCarriageReturns: boolean;
  /**
   * The document's images where it sat last (only those are kept: a move shifts
   * them again), analysed under one admission setting and line-break style.
   */
  images?: {
    admission: boolean;
    chartTemplate: boolean;
    carriageReturnBreaks: boolean;
    line: number;
    index: number;
    value: ImageOccurrence[];
    /** Where the parser stopped reading the document, placed like the images. */
    unreadable: UnreadableYaml | null;
  };
  /** The images' findings under one profile, settings and set of suppressions. */
  findings?: { profile: Profile; settings: AnalysisSettings; suppressions: string; firstImage: number; images: ImageOccurrence[]; value: Finding[] };
}

/** The part of an analysis finished so far: complete and final for the documents it covers. */
export type PartialAnalysis = () => FileAnalysis;

/**
 * Analyses whole files, one YAML document at a time, remembering each
 * document's results on the document: after an edit only the documents whose
 * text changed are parsed again, and the placed images and findings of the
 * others are reused as they are. One analyzer per open file (or one for a CLI run).
 */
export class FileAnalyzer {
  private documents: EditableDocuments<DocumentResults> | null = null;
  /** The text `documents` holds; null when edits left it unknown. */
  private text: string | null = null;

  /**
   * Applies an editor's changes to the text this analyzer last saw, so the next
   * analysis of `newText` re-splits only the documents they touched. The caller
   * vouches that the changes turn that text into `newText`; when they do not fit,
   * the next analysis splits `newText` afresh (still reusing unchanged documents).
   */
  edit(changes: readonly TextChange[], newText: string): void {
    const applied = this.documents !== null && this.text !== null && this.documents.apply(changes) && this.documents.length === newText.length;
    this.text = applied ? newText : null;
  }

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
   * `sliceMs` of work, and returns null as soon as `token` is cancelled. When the
   * first slice ends before the analysis does, `onPartial` gets the documents
   * analysed so far (the top of the file), each with its final findings.
   */
  async analyzeCancellable(
    text: string,
    options: AnalyzeOptions,
    token: CancellationCheck,
    sliceMs = 15,
    onPartial?: (analysis: FileAnalysis) => void,
  ): Promise<FileAnalysis | null> {
    const steps = this.steps(text, options);
    let deadline = Date.now() + sliceMs;
    let firstSlice = true;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        return step.value;
      }
      if (Date.now() >= deadline) {
        if (firstSlice) {
          onPartial?.(step.value());
          firstSlice = false;
        }
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) {
          return null;
        }
        deadline = Date.now() + sliceMs;
      }
    }
  }

  /** The documents of `text`: the edited ones when `edit` brought them there, else a fresh split reusing known documents by text. */
  private documentsOf(text: string): readonly PlacedDocument<DocumentResults>[] {
    if (this.documents === null || this.text !== text) {
      const known = new Map(this.documents?.documents.map((entry) => [entry.document.text, entry.document]));
      this.documents = new EditableDocuments(text, (chunk) => known.get(chunk));
      this.text = text;
    }
    return this.documents.documents;
  }

  private *steps(text: string, options: AnalyzeOptions): Generator<PartialAnalysis, FileAnalysis, void> {
    const { settings } = options;
    const admission = settings.alwaysPullImagesAdmission;
    const chartTemplate = options.chartTemplate ?? false;
    const documents = this.documentsOf(text);

    // Directives first (a cheap text scan): the profile and the suppressions of
    // the whole file decide every finding, so results for the first documents
    // are final before the last ones are parsed.
    const suppressions: Suppression[] = [];
    const unreadable: UnreadableYaml[] = [];
    let profileComment: Profile | null = null;
    let carriageReturnBreaks = false;
    for (const { document, line } of documents) {
      const results = resultsOf(document);
      carriageReturnBreaks ||= results.loneCarriageReturns;
      profileComment ??= results.directives.profile;
      for (const suppression of results.directives.suppressions) {
        suppressions.push(suppression.line === null ? suppression : { ...suppression, line: suppression.line + line });
      }
    }
    const suppressionsKey = suppressions.length === 0 ? '' : JSON.stringify(suppressions);
    const { profile, source, reason } = resolveProfile(options.path, profileComment, settings, options.profileOverride);

    const images: ImageOccurrence[] = [];
    const findings: Finding[] = [];
    const partial: PartialAnalysis = () => ({ profile, profileSource: source, profileReason: reason, images: images.slice(), findings: findings.slice(), suppressions, unreadable: unreadable.slice() });
    const shared = new SharedValues();
    for (let index = 0; index < documents.length; index++) {
      const { document, line } = documents[index] as PlacedDocument<DocumentResults>;
      const results = document.slot as DocumentResults;
      const known = results.images;
      const parsed =
        known === undefined || known.admission !== admission || known.chartTemplate !== chartTemplate || known.carriageReturnBreaks !== carriageReturnBreaks;
      if (parsed) {
        const analysis = analyzeDocument(normalisedText(document.text, results), index, { alwaysPullImagesAdmission: admission, chartTemplate });
        const value = analysis.images.map((image) => placeImage(shared.of(image), line, index, carriageReturnBreaks));
        const unreadable = analysis.unreadable && { ...analysis.unreadable, range: shiftRange(analysis.unreadable.range, line) };
        results.images = { admission, chartTemplate, carriageReturnBreaks, line, index, value, unreadable };
      } else if (known.line !== line || known.index !== index) {
        const unreadable = known.unreadable && { ...known.unreadable, range: shiftRange(known.unreadable.range, line - known.line) };
        results.images = { ...known, line, index, value: known.value.map((image) => shiftImage(image, line - known.line, index)), unreadable };
      }
      const { value: placed, unreadable: documentUnreadable } = results.images as NonNullable<DocumentResults['images']>;
      if (documentUnreadable) {
        unreadable.push(documentUnreadable);
      }
      const firstImage = images.length;
      for (const image of placed) {
        images.push(image);
      }
      let evaluated = results.findings;
      if (
        !evaluated ||
        evaluated.images !== placed ||
        evaluated.firstImage !== firstImage ||
        evaluated.profile !== profile ||
        evaluated.settings !== settings ||
        evaluated.suppressions !== suppressionsKey
      ) {
        evaluated = { profile, settings, suppressions: suppressionsKey, firstImage, images: placed, value: evaluate(placed, firstImage, profile, settings, suppressions) };
        results.findings = evaluated;
      }
      for (const finding of evaluated.value) {
        findings.push(finding);
      }
      if (parsed) {
        yield partial;
      }
    }
    return { profile, profileSource: source, profileReason: reason, images, findings, suppressions, unreadable };
  }
}

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

function resultsOf(document: DocumentText<DocumentResults>): DocumentResults {
  if (document.slot === undefined) {
    const loneCarriageReturns = LONE_CR.test(document.text);
    document.slot = { loneCarriageReturns, directives: scanDirectives(normalisedText(document.text, { loneCarriageReturns }), 0) };
  }
  return document.slot;
}

/** YAML and LSP both treat a lone \r as a line break; the parser does not, so such breaks become \n (same length: offsets stay put). */
function normalisedText(text: string, results: Pick<DocumentResults, 'loneCarriageReturns'>): string {
  return results.loneCarriageReturns ? text.replace(LONE_CR_ALL, '\n') : text;
}

/** A freshly analysed image (lines relative to its document) moved to where the document sits. */
function placeImage(image: ImageOccurrence, line: number, index: number, carriageReturnBreaks: boolean): ImageOccurrence {
  const placed = line === 0 && image.documentIndex === index ? image : shiftImage(image, line, index);
  return carriageReturnBreaks ? withCarriageReturnBreaks(placed) : placed;
}

/**
 * One object for equal parsed references and pull policies: a file names the
 * same few images thousands of times, and each image's strings would otherwise
 * be kept once per occurrence.
 */
class SharedValues {
  private readonly values = new Map<string, unknown>();
  /** The objects handed out: parsed references come shared already (parseImageReference), and need no key. */
  private readonly kept = new Set<unknown>();

  of(image: ImageOccurrence): ImageOccurrence {
    const reference = this.share(image.reference);
    const pullPolicy = this.share(image.pullPolicy);
    return reference === image.reference && pullPolicy === image.pullPolicy ? image : { ...image, reference, pullPolicy };
  }

  private share<T>(value: T): T {
    if (this.kept.has(value)) {
      return value;
    }
    const key = JSON.stringify(value);
    const known = this.values.get(key) as T | undefined;
    if (known !== undefined) {
      return known;
    }
    this.values.set(key, value);
    this.kept.add(value);
    return value;
  }
}

function evaluate(images: readonly ImageOccurrence[], firstImage: number, profile: Profile, settings: AnalysisSettings, suppressions: readonly Suppression[]): Finding[] {
  const findings: Finding[] = [];
  images.forEach((image, offset) => {
    for (const finding of evaluateImage(image, firstImage + offset, profile, settings)) {
      if (!isSuppressed(suppressions, finding.code, finding.range.start.line)) {
        findings.push(finding);
      }
    }
  });
  return findings;
}

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
    origin: shiftLocation(image.origin, lines),
    editTargets: image.editTargets.map((target) => shiftLocation(target, lines)),
    policyKeyRange: image.policyKeyRange && shiftRange(image.policyKeyRange, lines),
    policyValueRange: image.policyValueRange && shiftRange(image.policyValueRange, lines),
    policyInsertion: image.policyInsertion && { ...image.policyInsertion, position: shiftPosition(image.policyInsertion.position, lines) },
  };
}

/** Only locations in the analysed file (file null) move with its documents. */
function shiftLocation<T extends SourceLocation>(location: T, lines: number): T {
  return location.file === null ? { ...location, range: shiftRange(location.range, lines) } : location;
}

function shiftRange(range: Range, lines: number): Range {
  return { start: shiftPosition(range.start, lines), end: shiftPosition(range.end, lines) };
}

function shiftPosition(position: Position, lines: number): Position {
  return { line: position.line + lines, character: position.character };
}
