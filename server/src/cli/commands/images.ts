import { analyzeFiles } from '../analyzeFiles';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { ExitCode } from '../exitCodes';
import { colorEnabled, createPalette } from '../format/color';
import { imagesJsonReporter } from '../format/imagesJson';
import { imagesTextReporter } from '../format/imagesText';
import type { Reporter } from '../format/reporter';
import { writeStdout } from '../io';
import { problemTracker } from '../problems';
import { loadProjectSettings } from '../projectSettings';
import { INPUT_OPTIONS, inputPaths } from './commonOptions';

const FORMATS = ['text', 'json'] as const;

export const imagesCommand = defineCommand({
  name: 'images',
  summary: 'List every container image and the pull policy the cluster will use',
  help: `Usage: kube-image-lens images [options] [PATH...]

List every container image in the manifests under PATH (default: .), with
its parsed reference and effective imagePullPolicy.

Files are read whatever their extension; directories are searched
recursively for *.yaml and *.yml, skipping node_modules and hidden
directories. A path that cannot be read is reported (stderr, and the
"errors" array of JSON output) after everything else is listed; the exit
status is then 2.

Options:
  -f, --format <text|json>  output format (default: text)
  -c, --config <file>       settings file (default: ./.kube-image-lens.yaml if present)
  -h, --help                show this help
  -V, --version             show the version
`,
  options: INPUT_OPTIONS,
  async execute({ values, positionals }) {
    const format = oneOf('format', values.format, FORMATS) ?? 'text';
    const cwd = process.cwd();
    const project = await loadProjectSettings(cwd, values.config);
    const reporter: Reporter =
      format === 'json' ? imagesJsonReporter(writeStdout) : imagesTextReporter(writeStdout, createPalette(colorEnabled(process.stdout, process.env)));
    const problems = problemTracker((problem) => reporter.problem(problem));
    for await (const file of analyzeFiles(inputPaths(positionals), project, undefined, cwd, problems.report)) {
      reporter.file(file);
    }
    reporter.finish();
    return problems.failed ? ExitCode.Error : ExitCode.Ok;
  },
});
