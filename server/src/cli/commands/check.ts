import type { Profile } from '../../core/model';
import { PROFILES } from '../../core/model';
import { analyzeFiles } from '../analyzeFiles';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { CliError } from '../errors';
import { ExitCode } from '../exitCodes';
import { checkJsonReporter } from '../format/checkJson';
import { colorEnabled, createPalette } from '../format/color';
import type { Reporter } from '../format/reporter';
import { githubReporter } from '../format/github';
import { gitlabReporter } from '../format/gitlab';
import { junitReporter } from '../format/junit';
import { sarifReporter } from '../format/sarif';
import { stylishReporter } from '../format/stylish';
import { writeStdout } from '../io';
import { HELM_RENDERING_DESCRIPTION, HELM_RENDERING_OPTIONS, helmRenderingOptionsHelp, readHelmRendering } from '../helmRendering';
import { problemTracker } from '../problems';
import type { ProjectSettings } from '../projectSettings';
import { loadProjectSettings } from '../projectSettings';
import { ttyProgress } from '../progress';
import { createRegistryClient, REGISTRY_CLIENT_OPTIONS } from '../registry/clientOptions';
import { withRegistryFindings } from '../registry/registryCheck';
import type { FailOn } from '../severity';
import { FAIL_ON_LEVELS, failsCheck } from '../severity';
import { INPUT_OPTIONS, SCALE_OPTIONS, SCALE_OPTIONS_HELP, inputPaths, scaleOptions } from './commonOptions';

const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
type CheckFormat = (typeof FORMATS)[number];

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'Report risky image and pull-policy combinations (text, JSON, SARIF, CI formats)',
  help: `Usage: kube-image-lens check [options] [PATH...]

Check the manifests under PATH (default: .) for risky combinations of image
tags and pull policies, for the environment profile of each file.

Profiles come from --profile, else a '# kube-image-lens: profile=…' comment,
else the 'profiles' globs of the settings file, else a whole word of the path
naming an environment (overlays/prod/, values-prod.yaml, staging, dev, …; not
productpage.yaml), else 'defaultProfile'. Paths are relative to the settings
file's directory (else the working directory); a file outside it, to the PATH
it was found under.

With --registry, each image is also looked up in its registry (tag and pinned
digest; identical references once, several at a time) to report tags that do
not exist (image-not-found), pinned digests the tag no longer points at
(digest-drift), a pinned single-platform digest of a multi-arch image
(platform-digest), an image without the architecture or OS the pod's
nodeSelector or node affinity requires (platform-missing), and a registry that
needed credentials while the pod names no imagePullSecrets
(missing-pull-secret). When a registry cannot be asked, the image gets an info
finding (registry-auth-required, registry-unreachable) and the check goes on.
Credentials come from the Docker/Podman config files ($DOCKER_CONFIG,
~/.docker/config.json, $REGISTRY_AUTH_FILE, …); credential helpers are not run.

${HELM_RENDERING_DESCRIPTION}

Options:
  -f, --format <format>                 output format (default: text): text, json,
                                        sarif, github (workflow annotations),
                                        gitlab (Code Quality report), junit (XML)
  -p, --profile <dev|staging|prod>      use this profile for every file
      --fail-on <error|warning|info|never>
                                        exit 1 when a finding is at least this
                                        severe (default: error)
  -c, --config <file>                   settings file for every file (default: the
                                        nearest .kube-image-lens.yaml above each
                                        file, up to the working directory)
${SCALE_OPTIONS_HELP}
${helmRenderingOptionsHelp(40)}
      --registry                        also look the images up in their registries
      --insecure-registry <host[:port]> with --registry: allow plain HTTP and skip
                                        certificate checks for this registry
                                        (repeatable); loopback registries may
                                        always use plain HTTP
      --ca-file <file>                  with --registry: also trust the CA
                                        certificates in this PEM file
  -h, --help                            show this help
  -V, --version                         show the version

Exit status: 0 no findings at the --fail-on level, 1 findings at that level,
2 usage, configuration or I/O error (a registry that cannot be asked is not
an error: its findings are info). A path that cannot be read does not stop
the check: every readable file is still reported, the path is named on
stderr, in the "errors" array of JSON output, as a SARIF tool execution
notification (and in the other formats' own way), and the exit status is 2.
`,
  options: {
    ...INPUT_OPTIONS,
    ...SCALE_OPTIONS,
    ...HELM_RENDERING_OPTIONS,
    profile: { type: 'string', short: 'p' },
    'fail-on': { type: 'string' },
    registry: { type: 'boolean' },
    ...REGISTRY_CLIENT_OPTIONS,
  },
  async execute({ values, positionals }) {
    const format = oneOf('format', values.format, FORMATS) ?? 'text';
    const profileOverride = oneOf('profile', values.profile, PROFILES);
    const failOn: FailOn = oneOf('fail-on', values['fail-on'], FAIL_ON_LEVELS) ?? 'error';
    const cwd = process.cwd();
    const scale = scaleOptions(values);
    const project = await loadProjectSettings(cwd, values.config);
    const helmRendering = await readHelmRendering(values, cwd);
    if (values.registry !== true && (values['insecure-registry'] !== undefined || values['ca-file'] !== undefined)) {
      throw new CliError('--insecure-registry and --ca-file only apply with --registry', { showUsage: true });
    }
    const reporter = createReporter(format, project, profileOverride ?? project.settings.defaultProfile, failOn);
    const client = values.registry === true ? await createRegistryClient(values) : null;
    const progress = ttyProgress('Checking images in registries');

    const problems = problemTracker((problem) => reporter.problem(problem));
    let failed = false;
    try {
      const options = { ...scale, report: problems.report, helmRendering, withText: false } as const;
      // Registry lookups need each image; the findings alone spare copying the images back from the workers.
      const files = client
        ? withRegistryFindings(analyzeFiles(inputPaths(positionals), project, profileOverride, cwd, options), { client, settings: project.settings, onProgress: progress.update })
        : analyzeFiles(inputPaths(positionals), project, profileOverride, cwd, { ...options, withImages: false });
      for await (const file of files) {
        progress.clear();
        reporter.file(file);
        failed ||= file.analysis.findings.some((finding) => failsCheck(finding.severity, failOn));
      }
    } finally {
      progress.clear();
      await client?.close();
    }
    reporter.finish();
    if (problems.failed) {
      return ExitCode.Error;
    }
    return failed ? ExitCode.Findings : ExitCode.Ok;
  },
});

function createReporter(format: CheckFormat, project: ProjectSettings, sarifProfile: Profile, failOn: FailOn): Reporter {
  switch (format) {
    case 'json':
      return checkJsonReporter(writeStdout);
    case 'sarif':
      return sarifReporter(writeStdout, { settings: project.settings, profile: sarifProfile });
    case 'github':
      return githubReporter(writeStdout);
    case 'gitlab':
      return gitlabReporter(writeStdout);
    case 'junit':
      return junitReporter(writeStdout, failOn);
    case 'text':
      return stylishReporter(writeStdout, createPalette(colorEnabled(process.stdout, process.env)));
  }
}
