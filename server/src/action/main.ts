import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../cli/analyzeFiles';
import { CliError } from '../cli/errors';
import { ExitCode } from '../cli/exitCodes';
import { colorEnabled, createPalette } from '../cli/format/color';
import { escapeData, githubReporter } from '../cli/format/github';
import type { Reporter } from '../cli/format/reporter';
import { sarifReporter } from '../cli/format/sarif';
import { stylishReporter } from '../cli/format/stylish';
import { readHelmRendering } from '../cli/helmRendering';
import { flushStdout, writeStdout } from '../cli/io';
import { loadProjectSettings } from '../cli/projectSettings';
import { createRegistryClient } from '../cli/registry/clientOptions';
import { withRegistryFindings } from '../cli/registry/registryCheck';
import { failsCheck } from '../cli/severity';
import type { ActionInputs } from './inputs';
import { readInputs } from './inputs';
import { appendSummary, setOutput } from './runnerFiles';
import { FindingsSummary } from './summary';

/**
 * The GitHub Action (`action.yml`): the CLI's `check` run in the runner's
 * working directory (the checkout), with annotations in the log, an optional
 * SARIF file for code scanning, step outputs and a job summary.
 */
async function runAction(env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const inputs = readInputs(env);
  const cwd = process.cwd();
  const project = await loadProjectSettings(cwd, inputs.config);
  const helmRendering = await readHelmRendering(inputs.helm, cwd);
  const log = logReporter(inputs);
  let sarif = '';
  const sarifLog = inputs.sarifFile === undefined ? null : sarifReporter((chunk) => (sarif += chunk), { settings: project.settings, profile: inputs.profile ?? project.settings.defaultProfile });
  const summary = new FindingsSummary();
  const client = inputs.registry ? await createRegistryClient({}) : null;

  let failed = false;
  try {
    const analysed = analyzeFiles(inputs.paths, project, inputs.profile, cwd, helmRendering ? { helmRendering } : {});
    const files = client ? withRegistryFindings(analysed, { client, settings: project.settings }) : analysed;
    for await (const file of files) {
      log.file(file);
      sarifLog?.file(file);
      summary.add(file);
      failed ||= file.analysis.findings.some((finding) => failsCheck(finding.severity, inputs.failOn));
    }
  } finally {
    await client?.close();
  }
  log.finish();
  if (sarifLog !== null && inputs.sarifFile !== undefined) {
    sarifLog.finish();
    writeFileSync(path.resolve(cwd, inputs.sarifFile), sarif);
    setOutput(env, 'sarif-file', inputs.sarifFile);
  }
  setOutput(env, 'findings', String(summary.total));
  setOutput(env, 'errors', String(summary.counts.error));
  setOutput(env, 'warnings', String(summary.counts.warning));
  appendSummary(env, summary.markdown());
  if (failed) {
    writeStdout(`::error::${escapeData(`Kube Image Lens: findings at or above '${inputs.failOn}' (fail-on)`)}\n`);
  }
  return failed ? ExitCode.Findings : ExitCode.Ok;
}

function logReporter(inputs: ActionInputs): Reporter {
  return inputs.format === 'github' ? githubReporter(writeStdout) : stylishReporter(writeStdout, createPalette(colorEnabled(process.stdout, process.env)));
}

runAction(process.env).then(
  (code) => {
    flushStdout();
    process.exitCode = code;
  },
  (error: unknown) => {
    // A configuration mistake is one annotated line; anything else is a bug worth its stack.
    const message = error instanceof CliError ? error.message : `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    writeStdout(`::error title=kube-image-lens::${escapeData(message)}\n`);
    flushStdout();
    process.exitCode = ExitCode.Error;
  },
);
