import { availableParallelism } from 'node:os';
import type { OptionsConfig } from '../args';
import type { ScaleOptions } from '../analyzeFiles';
import { AUTO_WORKERS_FROM_FILES } from '../analyzeFiles';
import { CliError } from '../errors';
import { DEFAULT_MAX_FILE_SIZE_MIB } from '../../workspace/readText';

/** Options shared by the commands that read manifests. */
export const INPUT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
} as const satisfies OptionsConfig;

/** Options of the commands that stream a whole tree (`check`, `images`). */
export const SCALE_OPTIONS = {
  jobs: { type: 'string', short: 'j' },
  'max-file-size': { type: 'string' },
} as const satisfies OptionsConfig;

/** Help lines for SCALE_OPTIONS, in the column layout of the commands' help. */
export const SCALE_OPTIONS_HELP = `  -j, --jobs <n>                        files analysed in parallel, on worker
                                        threads (default: one thread below
                                        ${AUTO_WORKERS_FROM_FILES.toLocaleString('en-US')} files, else the number of CPU
                                        cores); the output does not depend on it
      --max-file-size <MiB>             skip larger files with a warning
                                        (default: ${DEFAULT_MAX_FILE_SIZE_MIB})`;

/** The operands, `.` when none is given. */
export function inputPaths(positionals: readonly string[]): string[] {
  return positionals.length > 0 ? [...positionals] : ['.'];
}

export function scaleOptions(values: { jobs?: string; 'max-file-size'?: string }): Required<Omit<ScaleOptions, 'report' | 'helmRendering'>> {
  return {
    jobs: values.jobs === undefined ? { auto: availableParallelism() } : positiveNumber('jobs', values.jobs, true),
    maxFileSizeMiB: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE_MIB : positiveNumber('max-file-size', values['max-file-size'], false),
  };
}

function positiveNumber(flag: string, value: string, integer: boolean): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
    throw new CliError(`invalid value '${value}' for --${flag}: expected a positive ${integer ? 'integer' : 'number'}`, { showUsage: true });
  }
  return parsed;
}
