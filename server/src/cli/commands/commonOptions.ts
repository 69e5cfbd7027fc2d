import type { OptionsConfig } from '../args';

/** Options shared by the commands that read manifests. */
export const INPUT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
} as const satisfies OptionsConfig;

/** The operands, `.` when none is given. */
export function inputPaths(positionals: readonly string[]): string[] {
  return positionals.length > 0 ? [...positionals] : ['.'];
}
