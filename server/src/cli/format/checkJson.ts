import type { Write } from '../io';
import { ProblemRecords } from '../problems';
import { StreamingJsonArray } from './jsonLines';
import type { Reporter } from './reporter';

/** `check --format json`: one diagnostic per finding, 0-based LSP ranges, streamed. */
export function checkJsonReporter(write: Write): Reporter {
  const array = new StreamingJsonArray(write, 'diagnostics');
  const problems = new ProblemRecords();
  return {
    file({ path, analysis }) {
      for (const finding of analysis.findings) {
        array.push({ file: path, range: finding.range, severity: finding.severity, code: finding.code, message: finding.message });
      }
    },
    problem: (problem) => problems.add(problem),
    finish: () => array.close(problems.fields()),
  };
}
