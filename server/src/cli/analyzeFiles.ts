import * as path from 'node:path';
import type { FileAnalysis, Profile, UnreadableYaml } from '../core/model';
import type { DiscoveredPath, InputFile } from '../workspace/files';
import { discoverFiles } from '../workspace/files';
import { mergeFileAnalyses } from '../core/units/mergeAnalyses';
import { displayPathFor, toPosix } from '../workspace/paths';
import { DEFAULT_MAX_FILE_SIZE_MIB, readManifestText } from '../workspace/readText';
import type { HelmRenderingOptions } from '../workspace/units';
import type { AnalysisOutcome } from './analysisJob';
import { runAnalysisJob } from './analysisJob';
import { orderedMap } from './orderedMap';
import type { InputProblem, ReportProblem } from './problems';
import { reportToStderr } from './problems';
import { projectUnits } from './projectUnits';
import type { ProjectSettings } from './projectSettings';
import { WorkerPool } from './workerPool';

export interface AnalyzedFile {
  /** As printed: see InputFile.displayPath. */
  path: string;
  analysis: FileAnalysis;
}

/** What `analyzeFiles` yields: the text too, for commands that edit (consumers that do not keep it let it go at once). */
export interface ReadAndAnalyzedFile extends AnalyzedFile {
  absolutePath: string;
  text: string;
}

export interface ScaleOptions {
  /** Files read and analysed at once, on worker threads when more than 1. */
  jobs?: number;
  maxFileSizeMiB?: number;
  /** Where paths that cannot be read, skipped files and partly read documents go (default: stderr). */
  report?: ReportProblem;
  /** Render every chart exactly so (`--values`, `--set`, …) instead of once per environment. */
  helmRendering?: HelmRenderingOptions;
}

/** How many files per worker may be in flight ahead of the one being reported. */
const LOOKAHEAD_PER_JOB = 8;

/**
 * Reads and analyses the files under `paths`, yielding them in discovery
 * (sorted) order whatever the number of jobs, so the output of `--jobs 4` is
 * byte for byte that of `--jobs 1`. Only a bounded window of files is in
 * memory at once however large the repository. Paths that cannot be read,
 * skipped files and YAML documents the parser could not read are reported
 * through `report` and the run goes on: every output lists all that could be
 * read.
 */
export async function* analyzeFiles(
  paths: readonly string[],
  project: ProjectSettings,
  profileOverride: Profile | undefined,
  cwd: string,
  scale: ScaleOptions = {},
): AsyncGenerator<ReadAndAnalyzedFile> {
  const jobs = Math.max(1, scale.jobs ?? 1);
  const report = scale.report ?? reportToStderr;
  const maxFileSizeMiB = scale.maxFileSizeMiB ?? DEFAULT_MAX_FILE_SIZE_MIB;
  // Units first: a mistyped path fails here, before any worker thread exists.
  const units = await projectUnits(paths, project, cwd, { helmRendering: scale.helmRendering, profileOverride });
  const fromUnits = (absolutePath: string): FileAnalysis[] => {
    const parts = units.analyses.get(absolutePath) ?? [];
    units.analyses.delete(absolutePath);
    return parts;
  };
  const pool = jobs > 1 ? new WorkerPool(jobs) : null;
  const run = pool ? (job: Parameters<WorkerPool['run']>[0]) => pool.run(job) : runAnalysisJob;

  const analyse = async (item: DiscoveredPath): Promise<{ item: DiscoveredPath; outcome: AnalysisOutcome }> => {
    if (item.kind === 'unreadable') {
      return { item, outcome: { kind: 'unreadable', message: item.error.message } };
    }
    const { settings, root } = project.forFile(item.file.absolutePath);
    return { item, outcome: await run({ file: item.file, profilePath: profilePath(root, item.file), settings, profileOverride, maxFileSizeMiB }) };
  };

  try {
    for await (const { item, outcome } of orderedMap(discoverFiles(paths, cwd, project.exclusions), jobs * LOOKAHEAD_PER_JOB, analyse)) {
      const file = item.kind === 'file' ? item.file : item.path;
      if (outcome.kind === 'skipped') {
        report({ level: 'warning', path: file.displayPath, message: `skipping '${file.displayPath}': ${outcome.reason}`, position: null });
      } else if (outcome.kind === 'unreadable') {
        const level = item.kind === 'unreadable' ? item.severity : 'error';
        report({ level, path: file.displayPath, message: outcome.message, position: null });
      } else {
        for (const unreadable of outcome.analysis.unreadable) {
          report(unreadableYamlProblem(file.displayPath, unreadable));
        }
        const analysis = mergeFileAnalyses(outcome.analysis, units.covered.has(file.absolutePath), fromUnits(file.absolutePath)) ?? outcome.analysis;
        yield { path: file.displayPath, absolutePath: file.absolutePath, text: outcome.text, analysis };
      }
    }
  } finally {
    await pool?.close();
  }
  // Units may place findings in files outside the paths given (a base in a parent folder).
  for (const absolutePath of [...units.analyses.keys()].sort()) {
    const file = { absolutePath, displayPath: displayPathFor(absolutePath, false, cwd) };
    const read = await readManifestText(file, maxFileSizeMiB).catch(() => null);
    const analysis = mergeFileAnalyses(null, true, fromUnits(absolutePath));
    if (read?.kind === 'text' && analysis) {
      yield { path: file.displayPath, absolutePath, text: read.text, analysis };
    }
  }
}

/**
 * The path profile patterns and words are matched on: relative to the project
 * root (the settings file's directory, else the working directory), so folders
 * above the project never decide; a file outside it, relative to the
 * directory named on the command line it was found under.
 */
function profilePath(projectRoot: string, file: InputFile): string {
  // Profile globs are written relative to the config file's directory.
  const relative = path.relative(projectRoot, file.absolutePath);
  const outside = relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return toPosix(outside && file.argumentRoot !== undefined ? path.relative(file.argumentRoot, file.absolutePath) : relative);
}

function unreadableYamlProblem(displayPath: string, { message, range }: UnreadableYaml): InputProblem {
  const { line, character } = range.start;
  return {
    level: 'warning',
    path: displayPath,
    message: `'${displayPath}' line ${line + 1}, column ${character + 1}: the YAML parser stopped here (${message}); images after this point may be missing`,
    position: range.start,
  };
}
