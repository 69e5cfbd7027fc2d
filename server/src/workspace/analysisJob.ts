import type { AnalyzeOptions } from '../core/analyze';
import { analyzeText } from '../core/analyze';
import type { FileAnalysis, FileFindings } from '../core/model';
import { findingsOf } from '../core/units/mergeAnalyses';
import { FileAccessError } from './fileAccessError';
import type { InputFile } from './files';
import type { ReadResult, SkipCause } from './readText';
import { readManifestText, readManifestTextSync } from './readText';

/**
 * One file to read and analyse: plain data, so it can be posted to a worker
 * thread. The CLI and the language server build it from their own settings;
 * whichever thread runs it, `analyzeText` gets exactly `options`.
 */
export interface AnalysisJob {
  file: InputFile;
  /** Profile path (relative to the project root), settings, profile override, chart-template flag. */
  options: AnalyzeOptions;
  maxFileSizeMiB: number;
}

/** What comes back of each file besides its findings (leaving parts out spares copying them back from a worker). */
export interface AnalysisParts {
  /** Send each file's text back (commands that edit); otherwise it stays in the worker, which halves what is copied back. */
  withText: boolean;
  /** Send each file's images back; reports of findings only leave them in the worker (they are most of an analysis). */
  withImages: boolean;
}

/**
 * Files read and analysed in one message to a worker: one message per file
 * cost more than a small file's analysis. Jobs of a batch usually share one
 * settings object, which the structured clone sends once.
 */
export interface AnalysisBatch extends AnalysisParts {
  jobs: AnalysisJob[];
}

/** `A` is FileAnalysis when the images were asked for (`withImages`), FileFindings otherwise. */
export type AnalysisOutcome<A extends FileAnalysis | FileFindings = FileAnalysis | FileFindings> =
  | { kind: 'analysed'; text: string | null; analysis: A }
  | { kind: 'skipped'; reason: string; cause: SkipCause }
  | { kind: 'unreadable'; message: string };

/** Reads and analyses a batch of files, in order, blocking the thread: in workers, and on the CLI's one thread (`--jobs 1`). */
export function runAnalysisBatch(batch: AnalysisBatch): AnalysisOutcome[] {
  return batch.jobs.map((job) => outcomeOf(job, readOrUnreadable(() => readManifestTextSync(job.file, job.maxFileSizeMiB)), batch));
}

/** One job on a thread that must stay responsive meanwhile (the language server's): the read does not block. */
export function runAnalysisJob(job: AnalysisJob, parts: AnalysisParts & { withImages: true }): Promise<AnalysisOutcome<FileAnalysis>>;
export function runAnalysisJob(job: AnalysisJob, parts: AnalysisParts): Promise<AnalysisOutcome>;
export async function runAnalysisJob(job: AnalysisJob, parts: AnalysisParts): Promise<AnalysisOutcome> {
  let read: ReadResult | AnalysisOutcome;
  try {
    read = await readManifestText(job.file, job.maxFileSizeMiB);
  } catch (error) {
    read = unreadable(error);
  }
  return outcomeOf(job, read, parts);
}

function readOrUnreadable(read: () => ReadResult): ReadResult | AnalysisOutcome {
  try {
    return read();
  } catch (error) {
    return unreadable(error);
  }
}

/** A file that could not be read is an outcome; anything else thrown is a bug and stays thrown. */
function unreadable(error: unknown): AnalysisOutcome {
  if (error instanceof FileAccessError) {
    return { kind: 'unreadable', message: error.message };
  }
  throw error;
}

function outcomeOf(job: AnalysisJob, read: ReadResult | AnalysisOutcome, { withText, withImages }: AnalysisParts): AnalysisOutcome {
  if (read.kind !== 'text') {
    return read;
  }
  const analysis = analyzeText(read.text, job.options);
  return { kind: 'analysed', text: withText ? read.text : null, analysis: withImages ? analysis : findingsOf(analysis) };
}
