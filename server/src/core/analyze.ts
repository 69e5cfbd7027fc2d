/** The core's entry points: analysis of a file's text, with the settings that steer it. */
export { analyzeText, FileAnalyzer } from './fileAnalyzer';
export type { AnalyzeOptions, CancellationCheck, TextChange } from './fileAnalyzer';
