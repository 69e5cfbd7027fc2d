import { oneOf } from '../args';
import { defineCommand } from '../command';
import { CliError, ioError } from '../errors';
import { ExitCode } from '../exitCodes';
import { HELM_RENDERING_DESCRIPTION, HELM_RENDERING_OPTIONS, helmRenderingOptionsHelp, readHelmRendering } from '../helmRendering';
import { printError, printWarning, writeStderr, writeStdout } from '../io';
import { ProblemRecords, problemTracker } from '../problems';
import { loadProjectSettings } from '../projectSettings';
import { ttyProgress } from '../progress';
import { createRegistryClient, REGISTRY_CLIENT_OPTIONS } from '../registry/clientOptions';
import { FileChangedError, replaceFileAtomically } from '../../workspace/atomicWrite';
import { applyEdits, unifiedDiff } from '../pin/diff';
import type { PinMode } from '../../core/pin/plan';
import type { PinResult } from '../pin/plan';
import { collectPins, fileEdits, resolveAll } from '../pin/plan';
import { INPUT_OPTIONS, inputPaths } from './commonOptions';

const FORMATS = ['text', 'json'] as const;

export const pinCommand = defineCommand({
  name: 'pin',
  summary: 'Pin image tags to the digests their registries serve now',
  help: `Usage: kube-image-lens pin [options] [PATH...]

Look up the digest each image tag in the manifests under PATH (default: .)
points at, and pin it: nginx:1.27 becomes nginx:1.27@sha256:…. For a
multi-arch image the digest of the index (manifest list) is used, so every
platform keeps working. Without --write, print the edits as a unified diff
and change nothing.

Images that already have a digest are left alone; images assembled by a Helm
template, invalid references, escaped values and multi-line block scalars are
skipped. An image written through a YAML alias (image: *name) is pinned once,
at its anchor, so the sharing stays. Identical references are looked up once. Credentials come from the
Docker/Podman config files ($DOCKER_CONFIG, ~/.docker/config.json,
$REGISTRY_AUTH_FILE, …); credential helpers are not run.

With --write, each file is rewritten atomically (a temporary file in the same
directory, flushed and renamed over it, keeping its mode), and only the image
values change: comments, quotes and line endings stay byte for byte. A file
that changed on disk since it was read is not written.

Files are read whatever their extension; directories are searched
recursively for *.yaml and *.yml, skipping node_modules and hidden
directories.

${HELM_RENDERING_DESCRIPTION}
A Helm image is pinned in the values file that wins for its rendering: with
--values, the given file that sets its tag, else the last one given; never in
a template. An image whose tag comes from --set or another value flag is
skipped: no values file holds it.

Options:
  -w, --write                   edit the files instead of printing a diff
      --keep-tag                keep the tag next to the digest (default)
      --digest-only             replace the tag by the digest
  -f, --format <text|json>      output format (default: text)
      --insecure-registry <host[:port]>
                                allow plain HTTP and skip certificate checks
                                for this registry (repeatable); loopback
                                registries may always use plain HTTP
      --ca-file <file>          also trust the CA certificates in this PEM file
${helmRenderingOptionsHelp(32)}
  -c, --config <file>           settings file (default: ./.kube-image-lens.yaml if present)
  -h, --help                    show this help
  -V, --version                 show the version

JSON output: {"version":1,"images":[{file, range, image, status, digest,
newImage, error}],"errors":[{path, position, message}],"warnings":[…]},
status one of pinned, already-pinned, failed, skipped; errors are paths that
could not be read (the other files are still pinned), warnings skipped files
and YAML the parser could not read completely.

Exit status: 0 every image pinned or already pinned (skipped images do not
count), 1 some image could not be pinned, 2 usage or I/O error.
`,
  options: {
    ...INPUT_OPTIONS,
    write: { type: 'boolean', short: 'w' },
    'keep-tag': { type: 'boolean' },
    'digest-only': { type: 'boolean' },
    ...REGISTRY_CLIENT_OPTIONS,
    ...HELM_RENDERING_OPTIONS,
  },
  async execute({ values, positionals }) {
    const format = oneOf('format', values.format, FORMATS) ?? 'text';
    if (values['keep-tag'] === true && values['digest-only'] === true) {
      throw new CliError('--keep-tag and --digest-only cannot be used together', { showUsage: true });
    }
    const mode: PinMode = values['digest-only'] === true ? 'digestOnly' : 'keepTag';
    const write = values.write === true;
    const cwd = process.cwd();
    const project = await loadProjectSettings(cwd, values.config);
    const helmRendering = await readHelmRendering(values, cwd);
    const problemRecords = new ProblemRecords();
    const problems = problemTracker((problem) => problemRecords.add(problem));
    const pins = await collectPins(inputPaths(positionals), project, cwd, { report: problems.report, helmRendering });

    const client = await createRegistryClient(values);
    try {
      await resolveAll(pins, client, mode, ttyProgress('Pinning').update);
    } finally {
      await client.close();
    }

    let ioFailed = false;
    for (const file of fileEdits(pins)) {
      if (!write) {
        if (format === 'text') {
          writeStdout(unifiedDiff(file.displayPath, file.text, file.edits));
        }
        continue;
      }
      try {
        await replaceFileAtomically(file.absolutePath, file.text, applyEdits(file.text, file.edits));
      } catch (error) {
        const message = error instanceof FileChangedError ? error.message : ioError('write', file.displayPath, error).message;
        ioFailed ||= !(error instanceof FileChangedError);
        for (const result of file.results) {
          if (result.status === 'pinned') {
            result.status = 'failed';
            result.newImage = null;
            result.error = message;
          }
        }
      }
    }

    const results = pins.candidates.map((candidate) => candidate.result);
    if (format === 'json') {
      writeStdout(`${JSON.stringify({ version: 1, images: results.map(jsonRecord), ...problemRecords.fields() }, null, 2)}\n`);
    } else {
      reportText(results, write);
    }
    if (ioFailed || problems.failed) {
      return ExitCode.Error;
    }
    return results.some((result) => result.status === 'failed') ? ExitCode.Findings : ExitCode.Ok;
  },
});

/** The public, versioned shape of one image in `pin --format json`. */
function jsonRecord(result: PinResult) {
  return {
    file: result.file,
    range: result.range,
    image: result.image,
    status: result.status,
    digest: result.digest,
    newImage: result.newImage,
    error: result.error,
  };
}

/** Text mode: with --write the pinned images on stdout; failures, skips and a summary on stderr. */
function reportText(results: readonly PinResult[], write: boolean): void {
  const counts = { pinned: 0, 'already-pinned': 0, failed: 0, skipped: 0 };
  for (const result of results) {
    counts[result.status]++;
    const where = `${result.file}:${result.range.start.line + 1}:${result.range.start.character + 1}`;
    if (result.status === 'pinned' && write) {
      writeStdout(`${where}: pinned ${result.image} -> ${result.newImage ?? ''}\n`);
    } else if (result.status === 'failed') {
      printError(`${where}: cannot pin '${result.image}': ${result.error ?? 'unknown error'}`);
    } else if (result.status === 'skipped') {
      printWarning(`${where}: skipped '${result.image}': ${result.error ?? ''}`);
    }
  }
  const pinned = write ? `${counts.pinned} pinned` : `${counts.pinned} to pin`;
  writeStderr(`${pinned}, ${counts['already-pinned']} already pinned, ${counts.failed} failed, ${counts.skipped} skipped\n`);
}
