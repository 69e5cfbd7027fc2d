import type { Finding, Severity } from '../../core/model';
import type { Write } from '../io';
import type { Palette } from './color';
import { plural } from './plural';
import type { Reporter } from './reporter';
import { renderTable } from './table';

/**
 * `check` for logs and terminals, after ESLint's "stylish": the file, then
 * `line:col  severity  message  code` with 1-based positions, then a summary.
 */
export function stylishReporter(write: Write, palette: Palette): Reporter {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fileCount = 0;
  let unreadablePaths = 0;
  const severityStyle: Record<Severity, (text: string) => string> = {
    error: palette.red,
    warning: palette.yellow,
    info: palette.blue,
    hint: palette.dim,
  };
  return {
    file({ path, analysis }) {
      fileCount++;
      if (analysis.findings.length === 0) {
        return;
      }
      const findings = [...analysis.findings].sort(byPosition);
      const rows = findings.map((finding) => {
        counts[finding.severity]++;
        return [`${finding.range.start.line + 1}:${finding.range.start.character + 1}`, finding.severity, oneLine(finding.message), finding.code];
      });
      const colorSeverity = (text: string, row: number) => severityStyle[(findings[row] as Finding).severity](text);
      const lines = renderTable(rows, [palette.dim, colorSeverity, undefined, palette.dim], '  ');
      write(`\n${palette.underline(path)}\n${lines.join('\n')}\n`);
    },
    problem(problem) {
      unreadablePaths += problem.level === 'error' ? 1 : 0;
    },
    finish() {
      const total = counts.error + counts.warning + counts.info + counts.hint;
      const unreadable = unreadablePaths > 0 ? `\n${palette.bold(palette.red(`✖ ${plural(unreadablePaths, 'path')} could not be read`))}\n` : '';
      if (total === 0) {
        write(`${palette.bold(`✔ no problems in ${plural(fileCount, 'file')}`)}\n${unreadable}`);
        return;
      }
      const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info')];
      if (counts.hint > 0) {
        parts.push(plural(counts.hint, 'hint'));
      }
      const summary = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
      const summaryStyle = counts.error > 0 ? palette.red : counts.warning > 0 ? palette.yellow : palette.blue;
      write(`\n${palette.bold(summaryStyle(summary))}\n${unreadable}`);
    },
  };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** A message spread over lines would break the one-problem-per-line layout. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}
