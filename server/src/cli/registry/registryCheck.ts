import type { FileAnalysis, ImageOccurrence } from '../../core/model';
import type { RegistryObservation } from '../../core/registryFindings';
import { fileRegistryFindings } from '../../core/registryFindings';
import type { AnalysisSettings } from '../../core/settings';
import { observeImage } from '../../imageCheck/observeImage';
import type { RegistryClient } from '../../registry';
import type { AnalyzedFile } from '../analyzeFiles';
import { orderedMap } from '../orderedMap';
import { concurrencyLimit } from './concurrencyLimit';

export interface RegistryCheckOptions {
  /** One client for the run: it caches results and merges identical in-flight lookups. */
  client: RegistryClient;
  settings: AnalysisSettings;
  /** Image lookups in flight across all files (the client also limits each host). */
  concurrency?: number;
  /** Files whose lookups may run ahead of the one being reported; bounds memory on large trees. */
  lookahead?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Adds the registry findings to each analysed file, yielding the files in their
 * original order so output stays deterministic, while lookups of the next files
 * already run. Registry failures become findings (see `observeImage`); nothing
 * here rejects.
 */
export async function* withRegistryFindings(files: AsyncIterable<AnalyzedFile>, options: RegistryCheckOptions): AsyncGenerator<AnalyzedFile> {
  const limit = concurrencyLimit(options.concurrency ?? 16);
  const lookahead = options.lookahead ?? 32;
  const progress = { done: 0, total: 0 };
  const observe = (image: ImageOccurrence): Promise<RegistryObservation | null> => {
    progress.total++;
    return limit(() => observeSafely(options.client, image)).finally(() => {
      progress.done++;
      options.onProgress?.(progress.done, progress.total);
    });
  };

  yield* orderedMap(files, lookahead + 1, async (file) => ({
    path: file.path,
    analysis: withFindings(file.analysis, await Promise.all(file.analysis.images.map(observe)), options.settings),
  }));
}

/** A failure outside the registry client's typed errors (a bug) still must not stop a CI run. */
async function observeSafely(client: RegistryClient, image: ImageOccurrence): Promise<RegistryObservation | null> {
  try {
    return await observeImage(client, image);
  } catch (error) {
    return { outcome: 'unreachable', message: error instanceof Error ? error.message : String(error), checkedAt: Date.now() };
  }
}

function withFindings(analysis: FileAnalysis, observations: ReadonlyArray<RegistryObservation | null>, settings: AnalysisSettings): FileAnalysis {
  const added = fileRegistryFindings(analysis, (_, index) => observations[index], settings);
  // Each image's registry findings follow its own: the core lists findings image by image, and the sort is stable.
  const findings = [...analysis.findings, ...added].sort((a, b) => a.imageIndex - b.imageIndex);
  return { ...analysis, findings };
}
