import { FileAccessError } from '../workspace/fileAccessError';

/**
 * Errors the CLI reports as one line on stderr (never a stack trace) before
 * exiting with code 2. Anything else escaping a command is a bug.
 */
export class CliError extends Error {
  /** Whether the usage text of the command should follow the message. */
  readonly showUsage: boolean;

  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.name = 'CliError';
    this.showUsage = options.showUsage ?? false;
  }
}

/** A file-system error as a sentence: `cannot read 'x.yaml': no such file or directory`. */
export function ioError(verb: string, displayPath: string, error: unknown): CliError {
  return new CliError(new FileAccessError(verb, displayPath, error).message);
}
