import type { FileAnalysis, Finding, Severity } from '../core/model';
import { ruleDocsUrl } from '../core/rules';
import { plural } from '../cli/format/plural';

/** GitHub rejects step summaries over 1 MiB; a few hundred rows say enough. */
const MAX_ROWS = 500;

const ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info', hint: '⚪ hint' };

/**
 * Collects findings for the job summary: counts, then a Markdown table
 * (severity, file:line, code linked to its docs, message) of the first rows.
 */
export class FindingsSummary {
  readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  private files = 0;
  private readonly rows: string[] = [];

  add({ path, analysis }: { path: string; analysis: Pick<FileAnalysis, 'findings'> }): void {
    this.files++;
    for (const finding of analysis.findings) {
      this.counts[finding.severity]++;
      if (this.rows.length < MAX_ROWS) {
        this.rows.push(row(path, finding));
      }
    }
  }

  get total(): number {
    return this.counts.error + this.counts.warning + this.counts.info + this.counts.hint;
  }

  markdown(): string {
    const heading = '### Kube Image Lens\n\n';
    if (this.total === 0) {
      return `${heading}✔ No findings in ${plural(this.files, 'file')}.\n`;
    }
    const bySeverity = (Object.keys(this.counts) as Severity[]).filter((severity) => this.counts[severity] > 0).map((severity) => `${this.counts[severity]} ${severity}`);
    const counts = `${plural(this.total, 'finding')} in ${plural(this.files, 'file')}: ${bySeverity.join(', ')}.`;
    const omitted = this.total - this.rows.length;
    const more = omitted > 0 ? `\n…and ${plural(omitted, 'more finding')} (see the annotations or the SARIF file).\n` : '';
    return `${heading}${counts}\n\n| Severity | Location | Code | Message |\n|---|---|---|---|\n${this.rows.join('')}${more}`;
  }
}

function row(path: string, finding: Finding): string {
  const location = `${path}:${finding.range.start.line + 1}`;
  return `| ${ICON[finding.severity]} | ${cell(location)} | [${finding.code}](${ruleDocsUrl(finding.code)}) | ${cell(finding.message)} |\n`;
}

/** A table cell stays one cell: pipes escaped, line breaks as spaces, Markdown/HTML markup inert. */
function cell(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`);
}
