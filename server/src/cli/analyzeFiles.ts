import * as path from 'node:path';
import { analyzeText } from '../core/analyze';
import type { FileAnalysis, Profile, UnreadableYaml } from '../core/model';
import { CliError } from './errors';
import type { InputFile } from './files';
import { discoverFiles } from './files';
import { toPosix } from './paths';
import type { InputProblem, ReportProblem } from './problems';
import type { ProjectSettings } from './projectSettings';
import { readManifestText } from './readText';

export interface AnalyzedFile {
  /** As printed: see InputFile.displayPath. */
  path: string;
  analysis: FileAnalysis;
}

/** What `analyzeFiles` yields: the text too, for commands that edit (consumers that do not keep it let it go at once). */
export interface ReadAndAnalyzedFile extends AnalyzedFile {
  absolutePath: string;
  text: string;
}

/**
 * Reads and analyses the files under `paths` one after another, so only one
 * text is alive at a time however large the repository. Paths that cannot be
 * read, skipped files and YAML documents the parser could not read are
 * reported through `report` and the run goes on: every output lists all that
 * could be read.
 */
export async function* analyzeFiles(
  paths: readonly string[],
  project: ProjectSettings,
  profileOverride: Profile | undefined,
  cwd: string,
  report: ReportProblem,
): AsyncGenerator<ReadAndAnalyzedFile> {
  for await (const file of discoverFiles(paths, cwd, report)) {
    let read: Awaited<ReturnType<typeof readManifestText>>;
    try {
      read = await readManifestText(file);
    } catch (error) {
      if (!(error instanceof CliError)) {
        throw error;
      }
      report({ level: 'error', path: file.displayPath, message: error.message, position: null });
      continue;
    }
    if (read.kind === 'skipped') {
      report({ level: 'warning', path: file.displayPath, message: `skipping '${file.displayPath}': ${read.reason}`, position: null });
      continue;
    }
    const analysis = analyzeText(read.text, {
      path: profilePath(project.root, file),
      settings: project.settings,
      profileOverride,
    });
    for (const unreadable of analysis.unreadable) {
      report(unreadableYamlProblem(file.displayPath, unreadable));
    }
    yield { path: file.displayPath, absolutePath: file.absolutePath, text: read.text, analysis };
  }
}

/**
 * The path profile patterns and words are matched on: relative to the project
 * root (the settings file's directory, else the working directory), so folders
 * above the project never decide; a file outside it, relative to the
 * directory named on the command line it was found under.
 */
function profilePath(projectRoot: string, file: InputFile): string {
  const relative = path.relative(projectRoot, file.absolutePath);
  const outside = relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return toPosix(outside && file.argumentRoot !== undefined ? path.relative(file.argumentRoot, file.absolutePath) : relative);
}

function unreadableYamlProblem(displayPath: string, { message, range }: UnreadableYaml): InputProblem {
  const { line, character } = range.start;
  return {
    level: 'warning',
    path: displayPath,
    message: `'${displayPath}' line ${line + 1}, column ${character + 1}: the YAML parser stopped here (${message}); images after this point may be missing`,
    position: range.start,
  };
}
