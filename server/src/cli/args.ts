import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { CliError } from './errors';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const STANDARD_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies OptionsConfig;

type StrictConfig<O extends OptionsConfig> = {
  args: string[];
  options: O & typeof STANDARD_OPTIONS;
  allowPositionals: true;
  strict: true;
};

export type ParsedCommandLine<O extends OptionsConfig> = ReturnType<typeof parseArgs<StrictConfig<O>>>;

/**
 * `parseArgs` in strict mode, with its TypeErrors (unknown flag, missing value,
 * …) turned into usage errors so they print as one line plus usage, exit 2.
 */
export function parseCommandLine<O extends OptionsConfig>(argv: string[], options: O): ParsedCommandLine<O> {
  const config: StrictConfig<O> = { args: argv, options: { ...options, ...STANDARD_OPTIONS }, allowPositionals: true, strict: true };
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliError(describeParseError(error), { showUsage: true });
  }
}

/** parseArgs' unknown-option message runs to three lines of advice; the flag is what matters. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  return unknown ? `unknown option '${unknown[1]}'` : message.charAt(0).toLowerCase() + message.slice(1);
}

/** Checks a flag whose value must come from a fixed list; `undefined` (not given) passes through. */
export function oneOf<const V extends string>(flag: string, value: string | undefined, allowed: readonly V[]): V | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`invalid value '${value}' for --${flag}: expected one of ${allowed.join(', ')}`, { showUsage: true });
  }
  return value as V;
}
