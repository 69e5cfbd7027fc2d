import { availableParallelism } from 'node:os';
import type { FileAnalysis } from '../core/model';
import type { AnalysisJob, AnalysisOutcome } from './analysisJob';
import { runAnalysisJob } from './analysisJob';
import { MAX_FILES_PER_BATCH, WorkerFailure, WorkerPool } from './workerPool';

/**
 * Closed files a build analyses on its own thread before worker threads
 * start: each worker first loads and warms up the analysis code, which costs
 * as much as a few hundred files (measured for the CLI, `AUTO_WORKERS_FROM_FILES`).
 */
const WORKERS_FROM_FILES = 300;
const MAX_WORKERS = 4;
/** Batches per worker a build keeps in flight, so a worker finishing one finds the next waiting. */
const BATCHES_IN_FLIGHT_PER_WORKER = 2;
/** The index keeps every image: they come back from the workers, the text does not. */
const INDEX_PARTS = { withText: false, withImages: true } as const;

interface Queued {
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome<FileAnalysis>) => void;
  reject: (error: unknown) => void;
}

/**
 * Closed files of a long-lived process (the language server's index) read and
 * analysed off its main thread once a build proves large: until then, and in
 * small workspaces, on the thread itself. Jobs submitted while a build has
 * several files in flight are posted to the workers together (flushed on the
 * next macrotask, or at MAX_FILES_PER_BATCH files). Workers that cannot start or die
 * leave the rest of the session to the thread (one log line); the jobs they
 * held are analysed again there, so no file is lost.
 */
export class PooledAnalysis {
  private pool: WorkerPool | null = null;
  /** Workers failed, or the process is closing: the thread analyses everything from now on. */
  private workersOff = false;
  private queue: Queued[] = [];
  private flushScheduled = false;
  /** Closed files submitted since the running build began; null between builds (edits never start workers). */
  private counted: number | null = null;
  private builds = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly workerCount = Math.min(availableParallelism(), MAX_WORKERS),
  ) {}

  /** A build starts counting its closed files; call the function returned when it ends. */
  beginBuild(): () => void {
    const build = ++this.builds;
    this.counted = 0;
    return () => {
      if (this.builds === build) {
        this.counted = null;
      }
    };
  }

  /** Files a build should keep in flight: enough for every worker to find batches waiting; undefined while on the thread. */
  get concurrency(): number | undefined {
    return this.pool ? this.pool.size * MAX_FILES_PER_BATCH * BATCHES_IN_FLIGHT_PER_WORKER : undefined;
  }

  analyse(job: AnalysisJob): Promise<AnalysisOutcome<FileAnalysis>> {
    if (this.counted !== null && ++this.counted > WORKERS_FROM_FILES && this.pool === null && !this.workersOff) {
      this.startWorkers();
    }
    if (this.pool === null) {
      return runAnalysisJob(job, INDEX_PARTS);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.queue.length >= MAX_FILES_PER_BATCH) {
        this.flush();
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  /** The process is ending: workers stop (queued and running jobs finish on the thread). */
  async close(): Promise<void> {
    this.workersOff = true;
    const pool = this.pool;
    this.pool = null;
    this.flush();
    await pool?.close();
  }

  private startWorkers(): void {
    try {
      this.pool = new WorkerPool(this.workerCount, { keepsProcessAlive: false });
      this.log(`Indexing: closed files are analysed on ${this.workerCount} worker threads`);
    } catch (error) {
      this.workersFailed(error);
    }
  }

  private flush(): void {
    const queued = this.queue;
    if (queued.length === 0) {
      return;
    }
    this.queue = [];
    const pool = this.pool;
    if (pool === null) {
      queued.forEach(settleInThread);
      return;
    }
    pool.run({ jobs: queued.map(({ job }) => job), ...INDEX_PARTS }).then(
      (outcomes) => queued.forEach(({ resolve }, index) => resolve(outcomes[index] as AnalysisOutcome<FileAnalysis>)),
      (error: unknown) => {
        if (error instanceof WorkerFailure) {
          this.workersFailed(error);
        }
        // A worker died (or an analysis threw there): the thread analyses the batch again, so a bug fails only its file.
        queued.forEach(settleInThread);
      },
    );
  }

  private workersFailed(error: unknown): void {
    if (this.workersOff) {
      return;
    }
    this.workersOff = true;
    this.log(`Indexing: analysis worker threads unavailable (${error instanceof Error ? error.message : String(error)}); closed files are analysed on the server's thread from now on`);
    const pool = this.pool;
    this.pool = null;
    void pool?.close();
  }
}

function settleInThread({ job, resolve, reject }: Queued): void {
  runAnalysisJob(job, INDEX_PARTS).then(resolve, reject);
}
