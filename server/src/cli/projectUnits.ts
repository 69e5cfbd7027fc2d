import * as path from 'node:path';
import type { FileAnalysis, ImageOccurrence, Position } from '../core/model';
import { displayPathFor } from '../workspace/paths';
import type { ProjectUnits } from '../workspace/units';
import { buildUnits, unitRoots } from '../workspace/units';
import { printWarning } from './io';
import type { ProjectSettings } from './projectSettings';

/**
 * The units (kustomizations, charts) among the files of a run (absolute paths),
 * built before any file is reported so that each file shows what is really
 * deployed. File names in their results are display paths, like everything
 * the CLI prints.
 */
export function projectUnits(files: readonly string[], project: ProjectSettings, cwd: string): ProjectUnits {
  const units = buildUnits(unitRoots(files), (folder) => project.forFile(path.join(folder, 'kustomization.yaml')));
  const display = (file: string): string => displayPathFor(path.resolve(file), false, cwd);
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
