import type { FileAnalysis } from '../../core/model';
import type { InputProblem } from '../problems';

/**
 * An output format, fed one analysed file at a time so results stream out
 * of large repositories instead of piling up; `finish` closes the output.
 * `A` is what it reads of each analysis: reports of findings need no images.
 */
export interface Reporter<A = Pick<FileAnalysis, 'findings'>> {
  file(entry: { path: string; analysis: A }): void;
  /** A path that could not be read or a document only partly read; stderr has it already. */
  problem(problem: InputProblem): void;
  finish(): void;
}
