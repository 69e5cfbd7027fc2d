import { analyzeText } from '../core/analyze';
import type { FileAnalysis, FileFindings, Profile } from '../core/model';
import { findingsOf } from '../core/units/mergeAnalyses';
import type { AnalysisSettings } from '../core/settings';
import { isChartTemplate } from '../workspace/chartTemplates';
import { FileAccessError } from '../workspace/fileAccessError';
import type { InputFile } from '../workspace/files';
import type { SkipCause } from '../workspace/readText';
import { readManifestTextSync } from '../workspace/readText';

/** One file to read and analyse: plain data, so it can be posted to a worker thread. */
export interface AnalysisJob {
  file: InputFile;
  /** Path the profile globs are matched on (relative to the config file's directory). */
  profilePath: string;
  settings: AnalysisSettings;
  profileOverride: Profile | undefined;
  maxFileSizeMiB: number;
}

/**
 * Files read and analysed in one message to a worker: one message per file
 * cost more than a small file's analysis. Jobs of a batch usually share one
 * settings object, which the structured clone sends once.
 */
export interface AnalysisBatch {
  jobs: AnalysisJob[];
  /** Send each file's text back (commands that edit); otherwise it stays in the worker, which halves what is copied back. */
  withText: boolean;
  /** Send each file's images back; reports of findings only leave them in the worker (they are most of an analysis). */
  withImages: boolean;
}

export type AnalysisOutcome =
  | { kind: 'analysed'; text: string | null; analysis: FileAnalysis | FileFindings }
  | { kind: 'skipped'; reason: string; cause: SkipCause }
  | { kind: 'unreadable'; message: string };

/** Reads and analyses a batch of files, in order; the same code runs on the main thread (`--jobs 1`) and in workers. */
export function runAnalysisBatch(batch: AnalysisBatch): AnalysisOutcome[] {
  return batch.jobs.map((job) => runAnalysisJob(job, batch));
}

function runAnalysisJob(job: AnalysisJob, { withText, withImages }: AnalysisBatch): AnalysisOutcome {
  let read;
  try {
    read = readManifestTextSync(job.file, job.maxFileSizeMiB);
  } catch (error) {
    if (error instanceof FileAccessError) {
      return { kind: 'unreadable', message: error.message };
    }
    throw error;
  }
  if (read.kind === 'skipped') {
    return read;
  }
  const analysis = analyzeText(read.text, {
    path: job.profilePath,
    settings: job.settings,
    profileOverride: job.profileOverride,
    chartTemplate: isChartTemplate(job.file.absolutePath),
  });
  return { kind: 'analysed', text: withText ? read.text : null, analysis: withImages ? analysis : findingsOf(analysis) };
}
