import * as path from 'node:path';
import type { FileAnalysis, FileFindings, Profile, UnreadableYaml } from '../core/model';
import type { DiscoveredPath, InputFile } from '../workspace/files';
import { discoverFiles } from '../workspace/files';
import { findingsOf, mergeFileAnalyses } from '../core/units/mergeAnalyses';
import { displayPathFor, pathsGivenAsAbsolute, toPosix } from '../workspace/paths';
import { DEFAULT_MAX_FILE_SIZE_MIB, readManifestText } from '../workspace/readText';
import type { HelmRenderingOptions } from '../workspace/units';
import type { AnalysisBatch, AnalysisJob, AnalysisOutcome } from '../workspace/analysisJob';
import { runAnalysisBatch } from '../workspace/analysisJob';
import { isChartTemplate } from '../workspace/chartTemplates';
import { orderedMap } from './orderedMap';
import type { InputProblem, ReportProblem } from './problems';
import { reportToStderr } from './problems';
import { projectUnits } from './projectUnits';
import type { ProjectSettings } from './projectSettings';
import type { ProjectUnits } from '../workspace/units';
import { MAX_FILES_PER_BATCH, WorkerPool } from '../workspace/workerPool';

export interface AnalyzedFile<A extends FileAnalysis | FileFindings = FileAnalysis> {
  /** As printed: see InputFile.displayPath. */
  path: string;
  analysis: A;
}

/** A file's analysis and where it is on disk. */
export interface LocatedAnalysis<A extends FileAnalysis | FileFindings = FileAnalysis> extends AnalyzedFile<A> {
  absolutePath: string;
}

/** With the text it was analysed from, for commands that edit (`withText`). */
export interface ReadAndAnalyzedFile extends LocatedAnalysis {
  text: string;
}

export interface ScaleOptions {
  /**
   * Files read and analysed at once, on worker threads when more than 1;
   * `auto`: that many once the tree has AUTO_WORKERS_FROM_FILES files, one before.
   */
  jobs?: number | { auto: number };
  maxFileSizeMiB?: number;
  /** Where paths that cannot be read, skipped files and partly read documents go (default: stderr). */
  report?: ReportProblem;
  /** Render every chart exactly so (`--values`, `--set`, …) instead of once per environment. */
  helmRendering?: HelmRenderingOptions;
}

/**
 * Whether each file's text and images come along (default: yes); leaving
 * them out spares copying them back from the workers. Without images only
 * findings come (FileFindings), and never the text.
 */
interface PartsOption {
  withText?: boolean;
  withImages?: boolean;
}

/** Batches per job in flight ahead of the one being reported: a worker finishing one always finds the next waiting. */
const BATCHES_IN_FLIGHT_PER_JOB = 4;
/** Files per batch sent while the tree is still being walked (its size is not known yet). */
const WALK_BATCH = 32;
/** Batches per job at least, so that a small tree is still shared among the workers. */
const MIN_BATCHES_PER_JOB = 8;
/**
 * Below this many files, `--jobs` left to its default analyses on one thread:
 * each worker first loads and warms up the analysis code, which costs as much
 * as a few hundred files. Measured on 2 cores, 2 workers against 1 thread:
 * 100 files 0.69×, 1,000 0.95×, 2,000 1.02×, 4,000 1.16×, 10,000 1.47×.
 */
export const AUTO_WORKERS_FROM_FILES = 2_000;

/**
 * Reads and analyses the files under `paths`, yielding them in discovery
 * (sorted) order whatever the number of jobs, so the output of `--jobs 4` is
 * byte for byte that of `--jobs 1`. The tree is walked once, then files go to
 * the workers in batches (each worker reads its files itself); only a bounded
 * window of analyses is in memory at once however large the repository. Paths
 * that cannot be read, skipped files and YAML documents the parser could not
 * read are reported through `report` and the run goes on: every output lists
 * all that could be read.
 */
export function analyzeFiles(paths: readonly string[], project: ProjectSettings, profileOverride: Profile | undefined, cwd: string, scale?: ScaleOptions & { withText?: true }): AsyncGenerator<ReadAndAnalyzedFile>;
export function analyzeFiles(paths: readonly string[], project: ProjectSettings, profileOverride: Profile | undefined, cwd: string, scale: ScaleOptions & { withText: false; withImages?: true }): AsyncGenerator<LocatedAnalysis>;
export function analyzeFiles(paths: readonly string[], project: ProjectSettings, profileOverride: Profile | undefined, cwd: string, scale: ScaleOptions & { withText: false; withImages: false }): AsyncGenerator<LocatedAnalysis<FileFindings>>;
export async function* analyzeFiles(
  paths: readonly string[],
  project: ProjectSettings,
  profileOverride: Profile | undefined,
  cwd: string,
  scale: ScaleOptions & PartsOption = {},
): AsyncGenerator<LocatedAnalysis<FileAnalysis | FileFindings> & { text?: string }> {
  const requested = scale.jobs ?? 1;
  const jobs = Math.max(1, typeof requested === 'number' ? requested : requested.auto);
  const report = scale.report ?? reportToStderr;
  const maxFileSizeMiB = scale.maxFileSizeMiB ?? DEFAULT_MAX_FILE_SIZE_MIB;
  const withText = scale.withText ?? true;
  const withImages = scale.withImages ?? true;
  // Started as soon as the tree is known to be large enough (at its first file when the jobs were given), so the threads
  // load while the tree is walked; closed whatever happens, or they keep the process alive.
  const startFrom = jobs === 1 ? Infinity : typeof requested === 'number' ? 0 : AUTO_WORKERS_FROM_FILES;
  let pool: WorkerPool | null = null;
  const run = (batch: AnalysisBatch): Promise<AnalysisOutcome[]> => (pool ? pool.run(batch) : Promise.resolve(runAnalysisBatch(batch)));
  const analyse = async (items: readonly DiscoveredPath[]): Promise<Array<{ item: DiscoveredPath; outcome: AnalysisOutcome }>> => {
    const files = items.flatMap((item) => (item.kind === 'file' ? [item.file] : []));
    const batch = files.map((file): AnalysisJob => {
      const { settings, root } = project.forFile(file.absolutePath);
      return { file, options: { path: profilePath(root, file), settings, profileOverride, chartTemplate: isChartTemplate(file.absolutePath) }, maxFileSizeMiB };
    });
    const outcomes = batch.length > 0 ? await run({ jobs: batch, withText, withImages }) : [];
    let next = 0;
    return items.map((item) => ({
      item,
      outcome: item.kind === 'unreadable' ? { kind: 'unreadable', message: item.error.message } : (outcomes[next++] as AnalysisOutcome),
    }));
  };
  const inFlight = jobs * BATCHES_IN_FLIGHT_PER_JOB;

  try {
    // The walk is the one step the workers cannot share: they analyse the first batches meanwhile.
    const discovered: DiscoveredPath[] = [];
    const started: Array<() => ReturnType<typeof analyse>> = [];
    let dispatched = 0;
    for await (const item of discoverFiles(paths, cwd, project.exclusions)) {
      discovered.push(item);
      if (pool === null && discovered.length >= startFrom) {
        pool = new WorkerPool(jobs);
      }
      while (pool && started.length < inFlight && discovered.length - dispatched >= WALK_BATCH) {
        const running = analyse(discovered.slice(dispatched, dispatched + WALK_BATCH));
        // Awaited in turn by orderedMap; until then a rejection must not count as unhandled.
        running.catch(() => undefined);
        started.push(() => running);
        dispatched += WALK_BATCH;
      }
    }
    // Units need every file name; a unit's invalid config fails here, before any output.
    const units = projectUnits(
      discovered.flatMap((item) => (item.kind === 'file' ? [item.file] : [])),
      paths,
      project,
      cwd,
      { helmRendering: scale.helmRendering, profileOverride },
    );
    const fromUnits = (absolutePath: string): FileAnalysis[] => {
      const parts = units.analyses.get(absolutePath) ?? [];
      units.analyses.delete(absolutePath);
      return parts;
    };
    const rest = discovered.slice(dispatched);
    const threads = pool ? jobs : 1;
    const batchSize = Math.min(MAX_FILES_PER_BATCH, Math.max(1, Math.ceil(rest.length / (threads * MIN_BATCHES_PER_JOB))));
    const batches = [...started, ...[...inBatches(rest, batchSize)].map((items) => () => analyse(items))];
    for await (const analysed of orderedMap(batches, inFlight, (start) => start())) {
      for (const { item, outcome } of analysed) {
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
          const covered = units.covered.has(file.absolutePath);
          const own = outcome.analysis;
          const analysis = 'images' in own ? (mergeFileAnalyses(own, covered, fromUnits(file.absolutePath)) ?? own) : mergeFileAnalyses(own, covered, fromUnits(file.absolutePath));
          yield { path: file.displayPath, absolutePath: file.absolutePath, ...(outcome.text === null ? {} : { text: outcome.text }), analysis };
        }
      }
    }
    yield* unitOnlyFiles(units, fromUnits, { cwd, givenAsAbsolute: pathsGivenAsAbsolute(paths) }, maxFileSizeMiB, { withText, withImages });
  } finally {
    await pool?.close();
  }
}

/** Units may place findings in files outside the paths given (a base in a parent folder). */
async function* unitOnlyFiles(
  units: ProjectUnits,
  fromUnits: (absolutePath: string) => FileAnalysis[],
  shown: { cwd: string; givenAsAbsolute: boolean },
  maxFileSizeMiB: number,
  { withText, withImages }: Required<PartsOption>,
): AsyncGenerator<LocatedAnalysis<FileAnalysis | FileFindings> & { text?: string }> {
  for (const absolutePath of [...units.analyses.keys()].sort()) {
    const file = { absolutePath, displayPath: displayPathFor(absolutePath, shown.givenAsAbsolute, shown.cwd) };
    const read = await readManifestText(file, maxFileSizeMiB).catch(() => null);
    const analysis = mergeFileAnalyses(null, true, fromUnits(absolutePath));
    if (read?.kind === 'text' && analysis) {
      yield { path: file.displayPath, absolutePath, ...(withText ? { text: read.text } : {}), analysis: withImages ? analysis : findingsOf(analysis) };
    }
  }
}

/** Consecutive slices of `items`, `size` long (the last may be shorter). */
function* inBatches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    yield items.slice(start, start + size);
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
