import { CLI_NAME } from './packageInfo';

/** Where formatters write; a function so tests can collect output in a string. */
export type Write = (chunk: string) => void;

export const writeStdout: Write = (chunk) => {
  process.stdout.write(chunk);
};

/** Problems that do not stop the run (a skipped file), prefixed like every CLI message. */
export function printWarning(message: string): void {
  process.stderr.write(`${CLI_NAME}: warning: ${message}\n`);
}

export function printError(message: string): void {
  process.stderr.write(`${CLI_NAME}: ${message}\n`);
}
