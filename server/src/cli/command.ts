import type { OptionsConfig, ParsedCommandLine } from './args';
import { parseCommandLine } from './args';
import { ExitCode } from './exitCodes';
import { CLI_VERSION } from './packageInfo';

/** A subcommand as `main` sees it: help texts and a runner taking the raw arguments. */
export interface Command {
  name: string;
  /** One line for the program's help. */
  summary: string;
  /** Full help, printed by `<command> --help` and after usage errors. */
  help: string;
  run(argv: string[]): Promise<ExitCode>;
}

export interface CommandSpec<O extends OptionsConfig> {
  name: string;
  summary: string;
  help: string;
  options: O;
  execute(parsed: ParsedCommandLine<O>): Promise<ExitCode>;
}

/** Wires the standard `--help`/`--version` flags around a command's own options. */
export function defineCommand<const O extends OptionsConfig>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    help: spec.help,
    async run(argv) {
      const parsed = parseCommandLine(argv, spec.options);
      // The generic result type does not resolve until O is concrete; the standard flags are always there.
      const standard = parsed.values as { help?: boolean; version?: boolean };
      if (standard.help === true) {
        process.stdout.write(spec.help);
        return ExitCode.Ok;
      }
      if (standard.version === true) {
        process.stdout.write(`${CLI_VERSION}\n`);
        return ExitCode.Ok;
      }
      return spec.execute(parsed);
    },
  };
}
