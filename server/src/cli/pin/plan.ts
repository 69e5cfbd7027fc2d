import type { EditTarget, ImageOccurrence, Range } from '../../core/model';
import type { PinMode, PinPlan } from '../../core/pin/plan';
import { pinEdit, planPin } from '../../core/pin/plan';
import { LineIndex } from '../../core/yaml/lineIndex';
import type { RegistryClient } from '../../registry';
import { isRegistryError } from '../../registry';
import { analyzeFiles } from '../analyzeFiles';
import type { ProjectSettings } from '../projectSettings';
import type { TextEdit } from './diff';

export type PinStatus = 'pinned' | 'already-pinned' | 'failed' | 'skipped';

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

/** A file's images, each with the core's plan for it. */
export interface PinFile {
  absolutePath: string;
  displayPath: string;
  /** The text as analysed (without a byte order mark). */
  text: string;
  results: PinResult[];
  /** The image of each result, same order as `results`. */
  images: ImageOccurrence[];
  /** The plan of each result, same order as `results`. */
  plans: PinPlan[];
  /** Offsets of each planned target in `text`, same order as `results`; null when nothing is written. */
  offsets: Array<{ start: number; end: number } | null>;
}

/** Reads and analyses every file first: pinning needs each text again when it edits. */
export async function collectFiles(paths: readonly string[], project: ProjectSettings, cwd: string): Promise<PinFile[]> {
  const files: PinFile[] = [];
  for await (const { path: displayPath, absolutePath, text, analysis } of analyzeFiles(paths, project, undefined, cwd)) {
    // Positions count a lone \r as a line break, as the analysis does.
    const lines = new LineIndex(text.replace(/\r(?!\n)/g, '\n'));
    const offsetsOf = (target: EditTarget) => ({ start: lines.offsetAt(target.range.start), end: lines.offsetAt(target.range.end) });
    const textAt = (target: EditTarget): string | null => {
      const { start, end } = offsetsOf(target);
      return target.file === null ? text.slice(start, end) : null;
    };
    const file: PinFile = { absolutePath, displayPath, text, results: [], images: analysis.images, plans: [], offsets: [] };
    for (const image of analysis.images) {
      const plan = planPin(image, textAt, { refresh: false });
      const base = { file: displayPath, range: image.range, image: image.image, digest: null, newImage: null, error: null };
      file.plans.push(plan);
      file.offsets.push(plan.kind === 'lookup' ? offsetsOf(plan.target) : null);
      file.results.push(
        plan.kind === 'lookup'
          ? { ...base, status: 'pinned' }
          : plan.kind === 'already-pinned'
            ? { ...base, status: 'already-pinned' }
            : { ...base, status: 'skipped', error: plan.reason },
      );
    }
    files.push(file);
  }
  return files;
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
      const plan = file.plans[index];
      const image = file.images[index];
      return result.status === 'pinned' && plan?.kind === 'lookup' && image ? [{ result, plan, image }] : [];
    }),
  );
  let done = 0;
  onProgress(done, pending.length);
  await Promise.all(
    pending.map(async ({ result, plan, image }) => {
      try {
        // verify: the digest is computed from the manifest bytes before it goes into a file.
        const resolved = await client.resolve(plan.lookup, { verify: true });
        result.digest = resolved.digest;
        result.newImage = pinEdit(image, plan.target, resolved.digest, mode).newText;
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

/** The edits for a file's pinned results. */
export function editsOf(file: PinFile): TextEdit[] {
  const edits: TextEdit[] = [];
  file.results.forEach((result, index) => {
    const offsets = file.offsets[index];
    if (result.status === 'pinned' && result.newImage !== null && offsets) {
      edits.push({ ...offsets, newText: result.newImage });
    }
  });
  return edits;
}
