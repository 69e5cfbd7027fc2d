import type { AnalyzedFile } from '../analyzeFiles';

/**
 * An output format, fed one analysed file at a time so results stream out
 * of large repositories instead of piling up; `finish` closes the output.
 */
export interface Reporter {
  file(entry: AnalyzedFile): void;
  finish(): void;
}
