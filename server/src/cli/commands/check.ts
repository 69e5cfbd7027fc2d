import type { Profile } from '../../core/model';
import { PROFILES } from '../../core/model';
import { analyzeFiles } from '../analyzeFiles';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { ExitCode } from '../exitCodes';
import { checkJsonReporter } from '../format/checkJson';
import { colorEnabled, createPalette } from '../format/color';
import type { Reporter } from '../format/reporter';
import { sarifReporter } from '../format/sarif';
import { stylishReporter } from '../format/stylish';
import { writeStdout } from '../io';
import type { ProjectSettings } from '../projectSettings';
import { loadProjectSettings } from '../projectSettings';
import type { FailOn } from '../severity';
import { FAIL_ON_LEVELS, failsCheck } from '../severity';
import { INPUT_OPTIONS, inputPaths } from './commonOptions';

const FORMATS = ['text', 'json', 'sarif'] as const;
type CheckFormat = (typeof FORMATS)[number];

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'Report risky image and pull-policy combinations (text, JSON or SARIF)',
  help: `Usage: kube-image-lens check [options] [PATH...]

Check the manifests under PATH (default: .) for risky combinations of image
tags and pull policies, for the environment profile of each file.

Profiles come from --profile, else a '# kube-image-lens: profile=…' comment,
else the 'profiles' globs of the settings file (matched on paths relative to
that file's directory), else built-in patterns (*prod*, *stag*, *dev*, …),
else 'defaultProfile'.

Options:
  -f, --format <text|json|sarif>        output format (default: text)
  -p, --profile <dev|staging|prod>      use this profile for every file
      --fail-on <error|warning|info|never>
                                        exit 1 when a finding is at least this
                                        severe (default: error)
  -c, --config <file>                   settings file (default: ./.kube-image-lens.yaml if present)
  -h, --help                            show this help
  -V, --version                         show the version

Exit status: 0 no findings at the --fail-on level, 1 findings at that level,
2 usage, configuration or I/O error.
`,
  options: { ...INPUT_OPTIONS, profile: { type: 'string', short: 'p' }, 'fail-on': { type: 'string' } },
  async execute({ values, positionals }) {
    const format = oneOf('format', values.format, FORMATS) ?? 'text';
    const profileOverride = oneOf('profile', values.profile, PROFILES);
    const failOn: FailOn = oneOf('fail-on', values['fail-on'], FAIL_ON_LEVELS) ?? 'error';
    const cwd = process.cwd();
    const project = await loadProjectSettings(cwd, values.config);
    const reporter = createReporter(format, project, profileOverride ?? project.settings.defaultProfile);

    let failed = false;
    for await (const file of analyzeFiles(inputPaths(positionals), project, profileOverride, cwd)) {
      reporter.file(file);
      failed ||= file.analysis.findings.some((finding) => failsCheck(finding.severity, failOn));
    }
    reporter.finish();
    return failed ? ExitCode.Findings : ExitCode.Ok;
  },
});

function createReporter(format: CheckFormat, project: ProjectSettings, sarifProfile: Profile): Reporter {
  switch (format) {
    case 'json':
      return checkJsonReporter(writeStdout);
    case 'sarif':
      return sarifReporter(writeStdout, { settings: project.settings, profile: sarifProfile });
    case 'text':
      return stylishReporter(writeStdout, createPalette(colorEnabled(process.stdout, process.env)));
  }
}
