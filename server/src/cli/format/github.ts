import type { Finding, Severity } from '../../core/model';
import type { Write } from '../io';
import type { InputProblem } from '../problems';
import type { Reporter } from './reporter';

type AnnotationLevel = 'error' | 'warning' | 'notice';

const LEVEL: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * `check --format github`: one workflow command per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`),
 * which the Actions runner turns into annotations on the pull request.
 * Streams: each line stands alone.
 */
export function githubReporter(write: Write): Reporter {
  return {
    file({ path, analysis }) {
      for (const finding of analysis.findings) {
        write(`${workflowCommand(path, finding)}\n`);
      }
    },
    problem(problem) {
      write(`${problemCommand(problem)}\n`);
    },
    finish() {},
  };
}

/** A path that could not be read (error) or a file only partly read (warning), annotated on that file. */
function problemCommand(problem: InputProblem): string {
  const position = problem.position ? `,line=${problem.position.line + 1},col=${problem.position.character + 1}` : '';
  return `::${problem.level} file=${escapeProperty(problem.path)}${position},title=kube-image-lens::${escapeData(problem.message)}`;
}

function workflowCommand(file: string, finding: Finding): string {
  const { start, end } = finding.range;
  // Annotation positions count from 1; LSP's exclusive end character is GitHub's inclusive endColumn + 1.
  const properties: Array<[string, string | number]> = [
    ['file', file],
    ['line', start.line + 1],
    ['col', start.character + 1],
    ['endLine', end.line + 1],
    ['endColumn', Math.max(end.character, end.line === start.line ? start.character + 1 : 1)],
    ['title', `kube-image-lens ${finding.code}`],
  ];
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${LEVEL[finding.severity]} ${props}::${escapeData(finding.message)}`;
}

/** The runner's escaping for a command's message (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties also escape their separators (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
