/** Process exit codes, the contract scripts and CI rely on. */
export const ExitCode = {
  /** Nothing at or above the `--fail-on` threshold. */
  Ok: 0,
  /** At least one finding at or above the `--fail-on` threshold. */
  Findings: 1,
  /** Bad command line, unreadable input or invalid configuration. */
  Error: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
