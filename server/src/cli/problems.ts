import type { Position } from '../core/model';
import { printError, printWarning } from './io';

/**
 * Something about the input that every output format reports: a path that
 * could not be read (an error: the run exits 2 after listing everything
 * else), or a file or document that was skipped or only partly read (a
 * warning).
 */
export interface InputProblem {
  level: 'error' | 'warning';
  /** As printed (see InputFile.displayPath). */
  path: string;
  /** A sentence that names the path, e.g. `cannot read 'x.yaml': permission denied`. */
  message: string;
  /** 0-based, for a problem inside a file; null for the file as a whole. */
  position: Position | null;
}

export type ReportProblem = (problem: InputProblem) => void;

/** The public, versioned shape of a problem in JSON output (`errors` and `warnings` arrays). */
export function problemRecord(problem: InputProblem) {
  return { path: problem.path, position: problem.position, message: problem.message };
}

/** The `errors` and `warnings` arrays of JSON output, gathered while the results stream out. */
export class ProblemRecords {
  private readonly errors: Array<ReturnType<typeof problemRecord>> = [];
  private readonly warnings: Array<ReturnType<typeof problemRecord>> = [];

  add(problem: InputProblem): void {
    (problem.level === 'error' ? this.errors : this.warnings).push(problemRecord(problem));
  }

  fields() {
    return { errors: this.errors, warnings: this.warnings };
  }
}

/**
 * Tells stderr about each problem (whatever goes to stdout, CI logs show it),
 * forwards it to the output format, and remembers whether any was an error.
 */
export function problemTracker(forward: ReportProblem): { report: ReportProblem; readonly failed: boolean } {
  let failed = false;
  return {
    report(problem) {
      failed ||= problem.level === 'error';
      reportToStderr(problem);
      forward(problem);
    },
    get failed() {
      return failed;
    },
  };
}

/** Names a problem on stderr (the default when no output format collects problems). */
export function reportToStderr(problem: InputProblem): void {
  if (problem.level === 'error') {
    printError(problem.message);
  } else {
    printWarning(problem.message);
  }
}
