import { analyzeFiles } from '../analyzeFiles';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { ExitCode } from '../exitCodes';
import { colorEnabled, createPalette } from '../format/color';
import { imagesJsonReporter } from '../format/imagesJson';
import { imagesTextReporter } from '../format/imagesText';
import type { Reporter } from '../format/reporter';
import { writeStdout } from '../io';
import { HELM_RENDERING_DESCRIPTION, HELM_RENDERING_OPTIONS, helmRenderingOptionsHelp, readHelmRendering } from '../helmRendering';
import { problemTracker } from '../problems';
import { loadProjectSettings } from '../projectSettings';
import { INPUT_OPTIONS, SCALE_OPTIONS, SCALE_OPTIONS_HELP, inputPaths, scaleOptions } from './commonOptions';

const FORMATS = ['text', 'json'] as const;

export const imagesCommand = defineCommand({
  name: 'images',
  summary: 'List every container image and the pull policy the cluster will use',
  help: `Usage: kube-image-lens images [options] [PATH...]

List every container image in the manifests under PATH (default: .), with
its parsed reference and effective imagePullPolicy.

Files are read whatever their extension; directories are searched
recursively for *.yaml and *.yml, skipping node_modules, hidden directories
and the 'exclude' globs of .kube-image-lens.yaml. A path that cannot be read
is reported (stderr, and the "errors" array of JSON output) after everything
else is listed.

${HELM_RENDERING_DESCRIPTION}

Options:
  -f, --format <text|json>              output format (default: text)
  -c, --config <file>                   settings file for every file (default: the
                                        nearest .kube-image-lens.yaml above each
                                        file, up to the working directory)
${SCALE_OPTIONS_HELP}
${helmRenderingOptionsHelp(40)}
  -h, --help                            show this help
  -V, --version                         show the version

Exit status: 0 listed, 2 usage, configuration or I/O error (an unreadable
file or folder is reported and the others are still listed).
`,
  options: { ...INPUT_OPTIONS, ...SCALE_OPTIONS, ...HELM_RENDERING_OPTIONS },
  async execute({ values, positionals }) {
    const format = oneOf('format', values.format, FORMATS) ?? 'text';
    const cwd = process.cwd();
    const scale = scaleOptions(values);
    const project = await loadProjectSettings(cwd, values.config);
    const helmRendering = await readHelmRendering(values, cwd);
    const reporter: Reporter =
      format === 'json' ? imagesJsonReporter(writeStdout) : imagesTextReporter(writeStdout, createPalette(colorEnabled(process.stdout, process.env)));
    const problems = problemTracker((problem) => reporter.problem(problem));
    for await (const file of analyzeFiles(inputPaths(positionals), project, undefined, cwd, { ...scale, report: problems.report, helmRendering, withText: false })) {
      reporter.file(file);
    }
    reporter.finish();
    return problems.failed ? ExitCode.Error : ExitCode.Ok;
  },
});
