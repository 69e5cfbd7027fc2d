import { checkCommand } from './commands/check';
import { imagesCommand } from './commands/images';
import { lspCommand } from './commands/lsp';
import { pinCommand } from './commands/pin';
import type { Command } from './command';
import { FileAccessError } from '../workspace/fileAccessError';
import { CliError } from './errors';
import { ExitCode } from './exitCodes';
import { flushStdout, printError, writeStderr } from './io';
import { CLI_NAME, CLI_VERSION } from './packageInfo';

const COMMANDS: readonly Command[] = [checkCommand, imagesCommand, pinCommand, lspCommand];

const PROGRAM_HELP = `Usage: ${CLI_NAME} <command> [options]

See what Kubernetes will really do with each container image: the effective
imagePullPolicy, risky tag/policy combinations, and digest pinning.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)}${command.summary}`).join('\n')}

Options:
  -h, --help      show this help (also: ${CLI_NAME} <command> --help)
  -V, --version   show the version

Example:
  ${CLI_NAME} check examples
`;

async function run(argv: string[]): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(PROGRAM_HELP);
    return ExitCode.Ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${CLI_VERSION}\n`);
    return ExitCode.Ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    printError(name === undefined ? 'missing command' : `unknown command '${name}'`);
    writeStderr(`\n${PROGRAM_HELP}`);
    return ExitCode.Error;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (!(error instanceof CliError || error instanceof FileAccessError)) {
      throw error;
    }
    printError(error.message);
    if (error instanceof CliError && error.showUsage) {
      writeStderr(`${usageLine(command)}\nTry '${CLI_NAME} ${command.name} --help' for more information.\n`);
    }
    return ExitCode.Error;
  }
}

function usageLine(command: Command): string {
  return command.help.split('\n', 1)[0] ?? '';
}

// A reader that stops early (`| head`) closes the pipe; that ends the output, it is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
  process.exit(process.exitCode ?? ExitCode.Ok);
});

// exitCode rather than process.exit(): lets piped output drain, and lets `lsp` keep running.
run(process.argv.slice(2)).then(
  (code) => {
    flushStdout();
    process.exitCode = code;
  },
  (error: unknown) => {
    printError(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = ExitCode.Error;
  },
);
