import * as path from 'node:path';
import { analyzeText } from '../core/analyze';
import { isChartTemplate } from '../workspace/chartTemplates';
import type { FileAnalysis, Profile } from '../core/model';
import { discoverFiles } from './files';
import { printWarning } from './io';
import { toPosix } from './paths';
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
 * text is alive at a time however large the repository. Skipped files are
 * reported on stderr and left out.
 */
export async function* analyzeFiles(
  paths: readonly string[],
  project: ProjectSettings,
  profileOverride: Profile | undefined,
  cwd: string,
): AsyncGenerator<ReadAndAnalyzedFile> {
  for await (const file of discoverFiles(paths, cwd)) {
    const read = await readManifestText(file);
    if (read.kind === 'skipped') {
      printWarning(`skipping '${file.displayPath}': ${read.reason}`);
      continue;
    }
    const analysis = analyzeText(read.text, {
      // Profile globs are written relative to the config file's directory.
      path: toPosix(path.relative(project.root, file.absolutePath)),
      settings: project.settings,
      profileOverride,
      chartTemplate: isChartTemplate(file.absolutePath),
    });
    yield { path: file.displayPath, absolutePath: file.absolutePath, text: read.text, analysis };
  }
}
