import type { AnalyzedFile } from '../analyzeFiles';
import type { InputProblem } from '../problems';

/**
 * An output format, fed one analysed file at a time so results stream out
 * of large repositories instead of piling up; `finish` closes the output.
 */
export interface Reporter {
  file(entry: AnalyzedFile): void;
  /** A path that could not be read or a document only partly read; stderr has it already. */
  problem(problem: InputProblem): void;
  finish(): void;
}
