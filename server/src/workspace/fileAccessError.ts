/** A path that could not be read, as one sentence: `cannot read directory 'x': permission denied`. */
export class FileAccessError extends Error {
  constructor(
    verb: string,
    /** As shown to the user. */
    readonly displayPath: string,
    cause: unknown,
  ) {
    super(`cannot ${verb} '${displayPath}': ${describeIoError(cause)}`);
    this.name = 'FileAccessError';
  }
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

/** The errno as words (`permission denied`), else the error's own message. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) {
    return ERRNO_TEXT[code];
  }
  return error instanceof Error ? error.message : String(error);
}
