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
  return new CliError(`cannot ${verb} '${displayPath}': ${describeErrno(error)}`);
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
};

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) {
    return ERRNO_TEXT[code];
  }
  return error instanceof Error ? error.message : String(error);
}
