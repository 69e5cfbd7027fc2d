import { CLI_NAME } from './packageInfo';

/** Where formatters write; a function so tests can collect output in a string. */
export type Write = (chunk: string) => void;

/** Characters of standard output gathered before they are written. */
const STDOUT_CHUNK_CHARS = 64 * 1024;
let unwritten = '';
let flushScheduled = false;

/**
 * Standard output, written in chunks when it is not a terminal: there every
 * write is a system call, and a JSON report of 10,000 files is 55,000 lines.
 * Whatever is gathered goes out as soon as the process waits for anything (a
 * registry, a worker), so output still streams; before anything is written to
 * stderr (a CI log that merges the two keeps their order); and when the command
 * ends (flushStdout).
 */
export const writeStdout: Write = (chunk) => {
  if (process.stdout.isTTY) {
    process.stdout.write(chunk);
    return;
  }
  unwritten += chunk;
  if (unwritten.length >= STDOUT_CHUNK_CHARS) {
    flushStdout();
  } else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      flushStdout();
    });
  }
};

export function flushStdout(): void {
  if (unwritten !== '') {
    process.stdout.write(unwritten);
    unwritten = '';
  }
}

/** Stderr, after what standard output has gathered. */
export function writeStderr(text: string): void {
  flushStdout();
  process.stderr.write(text);
}

/** Problems that do not stop the run (a skipped file), prefixed like every CLI message. */
export function printWarning(message: string): void {
  writeStderr(`${CLI_NAME}: warning: ${message}\n`);
}

export function printError(message: string): void {
  writeStderr(`${CLI_NAME}: ${message}\n`);
}
