import { defineCommand } from '../command';
import { CliError } from '../errors';
import { ExitCode } from '../exitCodes';

export const lspCommand = defineCommand({
  name: 'lsp',
  summary: 'Run the language server over stdio (for Neovim, Helix, …)',
  help: `Usage: kube-image-lens lsp --stdio

Run the kube-image-lens language server, speaking LSP on stdin/stdout.

Options:
  --stdio                     use stdin/stdout (the only transport)
  --clientProcessId <pid>     exit when this process ends (sent by some clients)
  -h, --help                  show this help
  -V, --version               show the version
`,
  options: { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } },
  async execute({ values }) {
    if (values.stdio !== true) {
      throw new CliError('lsp needs --stdio (the only supported transport)', { showUsage: true });
    }
    // The server reads its transport flags from process.argv itself; its open
    // connection keeps the process alive until the client sends `exit`.
    // Loaded on demand: the language server and its protocol libraries would add to every other command's start-up.
    const { startLanguageServer } = await import('../../lsp/server.js');
    startLanguageServer();
    return ExitCode.Ok;
  },
});
