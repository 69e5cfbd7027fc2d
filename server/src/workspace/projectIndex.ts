import * as path from 'node:path';
import type { DiscoveredPath, InputFile } from './files';
import type { SkipCause } from './readText';

/** What analysing one unit gave: plain data (no parse trees), and every file it read. */
export type UnitOutcome<R> =
  | { kind: 'analysed'; result: R; /** Absolute paths of the files the analysis read, the unit's own first. */ reads: readonly string[] }
  | { kind: 'skipped'; reason: string; cause: SkipCause }
  | { kind: 'unreadable'; message: string };

export interface IndexedUnit<R> {
  file: InputFile;
  outcome: UnitOutcome<R>;
}

export interface IndexSnapshot<R> {
  /** Every unit, sorted by path. */
  units: Array<IndexedUnit<R>>;
  /** Folders (or files) that could not be read, with the reason, sorted by path. */
  unreadable: Array<{ path: string; message: string }>;
  /** False while the first build is still running (the units are those indexed so far). */
  complete: boolean;
}

export interface ProjectIndexSources<R> {
  /** The units under the project's folders, in any order; unreadable paths included. */
  discover(): AsyncIterable<DiscoveredPath>;
  /** Whether a file that appeared belongs in the index (extension and exclusions). */
  includes(absolutePath: string): boolean;
  analyze(file: InputFile): Promise<UnitOutcome<R>>;
  /** Units a build keeps in flight, asked as it goes (analyses moved to worker threads want more); default BUILD_CONCURRENCY. */
  concurrency?(): number | undefined;
}

/** Units analysed at once while building: enough to keep file reads ahead of the analysis, few enough to stay light on memory. */
const BUILD_CONCURRENCY = 16;

export interface BuildProgress {
  report(indexed: number): void;
  readonly signal: AbortSignal;
}

/**
 * The project's units (files today; charts and kustomizations later) and
 * their analyses. Built once in the background; afterwards kept current from
 * change events: a changed file marks the units that read it (reverse
 * dependencies) and only those are analysed again, on the next query. Nothing
 * rescans the disk on a request.
 */
interface UnitEntry<R> {
  file: InputFile;
  /** Null until first analysed. */
  outcome: UnitOutcome<R> | null;
  /** A file it read changed: analyse again before answering. */
  stale: boolean;
  analysing: Promise<void> | null;
  /** The build that found it (or that was current when it appeared). */
  generation: number;
}

export class ProjectIndex<R> {
  private readonly units = new Map<string, UnitEntry<R>>();
  /** file → the units whose analysis read it. */
  private readonly readers = new Map<string, Set<string>>();
  private readonly unreadable = new Map<string, string>();
  private complete = false;
  /** Bumped by each build, so work of a cancelled build never lands in the new one. */
  private generation = 0;

  constructor(private readonly sources: ProjectIndexSources<R>) {}

  /**
   * Indexes the project again; resolves when done or cancelled. The previous
   * analyses stay visible until the build replaces them (a query during a
   * rebuild after a settings change sees the old unit, not a hole); units the
   * build does not find again leave when it completes.
   */
  build(progress: BuildProgress): Promise<void> {
    this.unreadable.clear();
    this.complete = false;
    return this.runBuild(++this.generation, progress);
  }

  /** The index as it is now, with every unit marked by a change analysed again first. */
  async snapshot(): Promise<IndexSnapshot<R>> {
    // Two passes: a unit marked while an analysis of it was running joins that analysis, which may have read the file
    // before the change; the second pass analyses it again (or waits for the analysis another caller started meanwhile).
    for (let pass = 0; pass < 2; pass++) {
      const pending = [...this.units.values()].filter((unit) => unit.stale || unit.analysing);
      if (pending.length === 0) {
        break;
      }
      await Promise.all(pending.map((unit) => (unit.stale ? this.analyse(unit, this.generation) : unit.analysing)));
    }
    const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const units: Array<IndexedUnit<R>> = [];
    for (const { file, outcome } of this.units.values()) {
      if (outcome) {
        units.push({ file, outcome });
      }
    }
    return {
      units: units.sort((a, b) => byPath(a.file.absolutePath, b.file.absolutePath)),
      unreadable: [...this.unreadable].sort(([a], [b]) => byPath(a, b)).map(([unreadablePath, message]) => ({ path: unreadablePath, message })),
      complete: this.complete,
    };
  }

  /** A file was created or changed on disk (or its open text was dropped): its unit and the units that read it are stale. */
  fileChanged(absolutePath: string): void {
    this.readers.get(absolutePath)?.forEach((reader) => this.markStale(reader));
    if (!this.units.has(absolutePath) && this.sources.includes(absolutePath)) {
      this.units.set(absolutePath, { file: { absolutePath, displayPath: absolutePath }, outcome: null, stale: true, analysing: null, generation: this.generation });
    }
    this.markStale(absolutePath);
    this.unreadable.delete(absolutePath);
  }

  /** How the files under `folder` are read changed (a chart appeared there or went): each is analysed again on the next query. */
  staleUnder(folder: string): void {
    const prefix = folder + path.sep;
    for (const key of this.units.keys()) {
      if (key.startsWith(prefix)) {
        this.markStale(key);
      }
    }
  }

  /** A file or folder was deleted: its units go, units that read it are stale. */
  pathDeleted(absolutePath: string): void {
    const prefix = absolutePath + path.sep;
    const inside = (key: string): boolean => key === absolutePath || key.startsWith(prefix);
    for (const [file, readers] of this.readers) {
      if (inside(file)) {
        readers.forEach((reader) => this.markStale(reader));
      }
    }
    for (const [key, unit] of this.units) {
      if (inside(key)) {
        this.forgetReads(key, unit.outcome);
        this.units.delete(key);
      }
    }
    [...this.unreadable.keys()].filter(inside).forEach((key) => this.unreadable.delete(key));
  }

  private markStale(key: string): void {
    const unit = this.units.get(key);
    if (unit) {
      unit.stale = true;
    }
  }

  private async runBuild(generation: number, progress: BuildProgress): Promise<void> {
    let indexed = 0;
    /** The first analysis that threw (not a file that could not be read: a bug), rethrown as the build's failure. */
    const failures: unknown[] = [];
    const running = new Set<Promise<void>>();
    /** Resolves the loop's wait for a free slot (one waiter, not a race over every unit in flight: hundreds with workers). */
    let slotFreed: (() => void) | null = null;
    for await (const item of this.sources.discover()) {
      if (progress.signal.aborted || generation !== this.generation) {
        return;
      }
      if (failures.length > 0) {
        throw failures[0];
      }
      if (item.kind === 'unreadable') {
        this.unreadable.set(item.path.absolutePath, item.error.message);
        continue;
      }
      const key = item.file.absolutePath;
      const known = this.units.get(key);
      if (known?.generation === generation) {
        // Appeared (a change event) during this build: already current.
        progress.report(++indexed);
        continue;
      }
      // A unit of an earlier build keeps its last outcome (queries see it) until this analysis replaces it.
      const unit: UnitEntry<R> = known ?? { file: item.file, outcome: null, stale: true, analysing: null, generation };
      unit.file = item.file;
      unit.stale = true;
      unit.generation = generation;
      this.units.set(key, unit);
      // Several at once, so the next files are read while one is analysed: one at a time, the thread sat idle during every read.
      const settled: Promise<void> = this.analyse(unit, generation)
        .then(
          () => progress.report(++indexed),
          (error: unknown) => void failures.push(error),
        )
        .finally(() => {
          running.delete(settled);
          slotFreed?.();
        });
      running.add(settled);
      while (running.size >= (this.sources.concurrency?.() ?? BUILD_CONCURRENCY)) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        slotFreed = null;
      }
    }
    await Promise.all(running);
    if (failures.length > 0) {
      throw failures[0];
    }
    this.complete = generation === this.generation && !progress.signal.aborted;
    if (this.complete) {
      for (const [key, unit] of this.units) {
        if (unit.generation !== generation) {
          this.forgetReads(key, unit.outcome);
          this.units.delete(key);
        }
      }
    }
  }

  /** Analyses a stale unit once, however many callers ask at the same time. */
  private analyse(unit: UnitEntry<R>, generation: number): Promise<void> {
    unit.analysing ??= (async () => {
      unit.stale = false;
      let outcome: UnitOutcome<R>;
      try {
        outcome = await this.sources.analyze(unit.file);
      } finally {
        unit.analysing = null;
      }
      const key = unit.file.absolutePath;
      // Deleted, or the project rebuilt, meanwhile: drop this result.
      if (generation !== this.generation || this.units.get(key) !== unit) {
        return;
      }
      this.forgetReads(key, unit.outcome);
      unit.outcome = outcome;
      for (const read of readsOf(key, outcome)) {
        let set = this.readers.get(read);
        if (!set) {
          set = new Set();
          this.readers.set(read, set);
        }
        set.add(key);
      }
    })();
    return unit.analysing;
  }

  private forgetReads(key: string, outcome: UnitOutcome<R> | null): void {
    for (const read of outcome ? readsOf(key, outcome) : []) {
      const set = this.readers.get(read);
      set?.delete(key);
      if (set?.size === 0) {
        this.readers.delete(read);
      }
    }
  }
}

/** A unit that could not be analysed still depends on its own file: fixing the file must retry it. */
function readsOf<R>(key: string, outcome: UnitOutcome<R>): readonly string[] {
  return outcome.kind === 'analysed' ? outcome.reads : [key];
}
