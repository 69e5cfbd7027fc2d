import type { ImageOccurrence, Range } from '../../core/model';
import { withDigest } from '../../core/reference/pinnedImage';
import type { ImageLocator, RegistryClient } from '../../registry';
import { isRegistryError } from '../../registry';
import { analyzeFiles } from '../analyzeFiles';
import type { ReportProblem } from '../problems';
import type { ProjectSettings } from '../projectSettings';
import type { TextEdit } from './diff';

export type PinStatus = 'pinned' | 'already-pinned' | 'failed' | 'skipped';
export type PinMode = 'keepTag' | 'digestOnly';

/** One image occurrence and what pinning does with it. */
export interface PinResult {
  file: string;
  range: Range;
  image: string;
  status: PinStatus;
  /** The digest the registry gave (the index digest for multi-arch images); null when not looked up or the lookup failed. */
  digest: string | null;
  /** The text written or planned; null when none. */
  newImage: string | null;
  /** Why the image failed or was skipped; null otherwise. */
  error: string | null;
}

export interface PinFile {
  absolutePath: string;
  displayPath: string;
  /** The text as analysed (without a byte order mark). */
  text: string;
  results: PinResult[];
  /** Offsets of each result's range in `text`, same order as `results`. */
  offsets: Array<{ start: number; end: number }>;
  /** What to look up for each result, same order as `results`; null when nothing is looked up. */
  locators: Array<ImageLocator | null>;
}

/** Reads and analyses every file first: pinning needs each text again when it edits. */
export async function collectFiles(paths: readonly string[], project: ProjectSettings, cwd: string, report: ReportProblem): Promise<PinFile[]> {
  const files: PinFile[] = [];
  for await (const { path: displayPath, absolutePath, text, analysis } of analyzeFiles(paths, project, undefined, cwd, report)) {
    const starts = lineStarts(text);
    const results: PinResult[] = [];
    const offsets: Array<{ start: number; end: number }> = [];
    const locators: Array<ImageLocator | null> = [];
    for (const image of analysis.images) {
      const start = offsetOf(starts, image.range.start.line, image.range.start.character);
      const end = offsetOf(starts, image.range.end.line, image.range.end.character);
      offsets.push({ start, end });
      const result = initialResult(displayPath, image, text.slice(start, end));
      results.push(result);
      const { domain, path: repository, tag } = image.reference;
      // No tag means `latest`, as the kubelet pulls it.
      locators.push(result.status === 'pinned' && domain !== null && repository !== null ? { domain, path: repository, reference: tag ?? 'latest' } : null);
    }
    files.push({ absolutePath, displayPath, text, results, offsets, locators });
  }
  return files;
}

function initialResult(file: string, image: ImageOccurrence, written: string): PinResult {
  const base = { file, range: image.range, image: image.image, digest: null, newImage: null };
  const skip = (error: string): PinResult => ({ ...base, status: 'skipped', error });
  if (image.templated) {
    return skip('the image is assembled by a Helm template; pin the rendered value instead');
  }
  const { reference } = image;
  if (!reference.valid || reference.domain === null || reference.path === null) {
    return skip(`invalid image reference${reference.error ? `: ${reference.error}` : ''}`);
  }
  if (reference.digest !== null) {
    return { ...base, status: 'already-pinned', error: null };
  }
  // Escaped quoted strings and multi-line block scalars cannot be edited by replacing the text in place.
  if (written !== image.image || image.image.includes('\n')) {
    return skip('the image is not written as a plain or simply quoted value (escapes or a multi-line block scalar); pin it by hand');
  }
  return { ...base, status: 'pinned', error: null };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

function offsetOf(starts: readonly number[], line: number, character: number): number {
  return (starts[Math.min(line, starts.length - 1)] ?? 0) + character;
}

/**
 * Looks up every image still to pin, with one client so identical references
 * are resolved once; the client limits concurrency per registry. Fills in
 * digest/newImage, or turns the result into a failure with the client's message.
 */
export async function resolveAll(
  files: readonly PinFile[],
  client: RegistryClient,
  mode: PinMode,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  const pending = files.flatMap((file) =>
    file.results.flatMap((result, index) => {
      const locator = file.locators[index];
      return result.status === 'pinned' && locator != null ? [{ result, locator }] : [];
    }),
  );
  let done = 0;
  onProgress(done, pending.length);
  await Promise.all(
    pending.map(async ({ result, locator }) => {
      try {
        // verify: the digest is computed from the manifest bytes before it goes into a file.
        const resolved = await client.resolve(locator, { verify: true });
        result.digest = resolved.digest;
        result.newImage = withDigest(result.image, resolved.digest, mode);
      } catch (error) {
        result.status = 'failed';
        result.newImage = null;
        result.error = isRegistryError(error) ? error.message : `cannot pin: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        done++;
        onProgress(done, pending.length);
      }
    }),
  );
}

/** The edits for a file's pinned results; images sharing one anchored scalar (YAML aliases) edit it once. */
export function editsOf(file: PinFile): TextEdit[] {
  const edits: TextEdit[] = [];
  const editedStarts = new Set<number>();
  file.results.forEach((result, index) => {
    const offsets = file.offsets[index];
    if (result.status === 'pinned' && result.newImage !== null && offsets !== undefined && !editedStarts.has(offsets.start)) {
      editedStarts.add(offsets.start);
      edits.push({ start: offsets.start, end: offsets.end, newText: result.newImage });
    }
  });
  return edits;
}
