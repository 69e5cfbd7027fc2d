import { analyzeText } from '../core/analyze';
import type { FileAnalysis, Profile } from '../core/model';
import type { AnalysisSettings } from '../core/settings';
import { isChartTemplate } from '../workspace/chartTemplates';
import { FileAccessError } from '../workspace/fileAccessError';
import type { InputFile } from '../workspace/files';
import type { SkipCause } from '../workspace/readText';
import { readManifestText } from '../workspace/readText';

/** One file to read and analyse: plain data, so it can be posted to a worker thread. */
export interface AnalysisJob {
  file: InputFile;
  /** Path the profile globs are matched on (relative to the config file's directory). */
  profilePath: string;
  settings: AnalysisSettings;
  profileOverride: Profile | undefined;
  maxFileSizeMiB: number;
}

export type AnalysisOutcome =
  | { kind: 'analysed'; text: string; analysis: FileAnalysis }
  | { kind: 'skipped'; reason: string; cause: SkipCause }
  | { kind: 'unreadable'; message: string };

/** Reads and analyses one file; the same code runs on the main thread (`--jobs 1`) and in workers. */
export async function runAnalysisJob(job: AnalysisJob): Promise<AnalysisOutcome> {
  let read;
  try {
    read = await readManifestText(job.file, job.maxFileSizeMiB);
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
  return { kind: 'analysed', text: read.text, analysis };
}
