import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis, ImageOccurrence, Position } from '../core/model';
import { displayPathFor, pathsGivenAsAbsolute } from '../workspace/paths';
import { isInside } from '../workspace/projectConfigLocator';
import type { ProjectUnits, UnitOptions, UnitRoot } from '../workspace/units';
import { buildUnits, unitRoots } from '../workspace/units';
import { CliError } from './errors';
import { HELM_FLAG_NAMES } from './helmRendering';
import { printWarning } from './io';
import type { ProjectSettings } from './projectSettings';

/**
 * The units (kustomizations, charts) among the files of a run (absolute paths),
 * built before any file is reported so that each file shows what is really
 * deployed. File names in their results are display paths, like everything
 * the CLI prints.
 */
export function projectUnits(
  files: ReadonlyArray<{ absolutePath: string; displayPath: string }>,
  paths: readonly string[],
  project: ProjectSettings,
  cwd: string,
  options: UnitOptions = {},
): ProjectUnits {
  const shownAs = new Map(files.map((file) => [file.absolutePath, file.displayPath]));
  const roots = unitRoots(files.map((file) => file.absolutePath));
  if (options.helmRendering) {
    checkChartsNamed(paths, roots, cwd);
  }
  const units = buildUnits(roots, (folder) => project.forFile(path.join(folder, 'kustomization.yaml')), options);
  // As discovery shows them; a file outside the named paths (a base) follows the paths' style.
  const givenAsAbsolute = pathsGivenAsAbsolute(paths);
  const display = (file: string): string => shownAs.get(path.resolve(file)) ?? displayPathFor(path.resolve(file), givenAsAbsolute, cwd);
  for (const [file, analyses] of units.analyses) {
    units.analyses.set(file, analyses.map((analysis) => withDisplayPaths(analysis, display)));
  }
  for (const unit of units.units) {
    for (const problem of unit.problems) {
      printWarning(`${display(problem.file)}:${where(problem.range.start)}: ${problem.message}`);
    }
  }
  return units;
}

/**
 * Helm rendering flags only mean something for charts: a named path without one is
 * read as usual with a warning; when no path holds a chart the flags were surely
 * meant for something else, so the run stops (paths that do not exist are reported later).
 */
function checkChartsNamed(paths: readonly string[], roots: readonly UnitRoot[], cwd: string): void {
  const charts = roots.filter((root) => root.kind === 'helm');
  const existing = paths.filter((given) => existsSync(path.resolve(cwd, given)));
  const withoutChart = existing.filter((given) => {
    const named = path.resolve(cwd, given);
    return !charts.some((chart) => chart.folder === named || isInside(chart.folder, named) || path.join(chart.folder, 'Chart.yaml') === named);
  });
  if (existing.length > 0 && withoutChart.length === existing.length) {
    throw new CliError(`${HELM_FLAGS} apply to Helm charts, and no chart (a folder with Chart.yaml) is under ${existing.map((given) => `'${given}'`).join(', ')}`);
  }
  for (const given of withoutChart) {
    printWarning(`'${given}' holds no Helm chart (Chart.yaml): ${HELM_FLAGS} do not apply to it`);
  }
}

/** `--values, --set, … and --namespace`. */
const HELM_FLAGS = HELM_FLAG_NAMES.map((name) => `--${name}`)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

function where(position: Position): string {
  return `${position.line + 1}:${position.character + 1}`;
}

function withDisplayPaths(analysis: FileAnalysis, display: (file: string) => string): FileAnalysis {
  const name = (file: string | null): string | null => (file === null ? null : display(file));
  const images = analysis.images.map(
    (image): ImageOccurrence => ({
      ...image,
      file: name(image.file),
      origin: { ...image.origin, file: name(image.origin.file) },
      editTargets: image.editTargets.map((target) => ({ ...target, file: name(target.file) })),
    }),
  );
  return { ...analysis, images };
}
