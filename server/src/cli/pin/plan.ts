import * as path from 'node:path';
import type { EditTarget, ImageOccurrence, Range } from '../../core/model';
import type { PinEdit, PinMode, PinPlan } from '../../core/pin/plan';
import { editsByFile, pinEdits, planPin } from '../../core/pin/plan';
import { withDigest } from '../../core/reference/pinnedImage';
import { LineIndex } from '../../core/yaml/lineIndex';
import { displayPathFor } from '../../workspace/paths';
import type { RegistryClient } from '../../registry';
import { isRegistryError } from '../../registry';
import type { ScaleOptions } from '../analyzeFiles';
import { analyzeFiles } from '../analyzeFiles';
import type { ProjectSettings } from '../projectSettings';
import type { TextEdit } from './diff';

export type PinStatus = 'pinned' | 'already-pinned' | 'failed' | 'skipped';

/** One image occurrence and what pinning does with it. */
export interface PinResult {
  /** The file the image is reported in, as printed. */
  file: string;
  range: Range;
  image: string;
  status: PinStatus;
  /** The digest the registry gave (the index digest for multi-arch images); null when not looked up or the lookup failed. */
  digest: string | null;
  /** The image as pinned; null when nothing is written. */
  newImage: string | null;
  /** Why the image failed or was skipped; null otherwise. */
  error: string | null;
}

/** An image, the core's plan for it, and (after the lookup) its edits with absolute file paths. */
interface PinCandidate {
  image: ImageOccurrence;
  /** The absolute path of a file named by the image (null: the file it was analysed in). */
  fileOf: (file: string | null) => string;
  plan: PinPlan;
  result: PinResult;
  edits: PinEdit[];
}

/** Every image of a run, and the texts they were planned against. */
export interface PinSet {
  candidates: PinCandidate[];
  /** Text of each analysed file (without a byte order mark), by absolute path. */
  texts: Map<string, string>;
  /** How each file is printed, by absolute path. */
  displayPaths: Map<string, string>;
  /** Line index of each text, built on first use: every image and edit of a file shares one. */
  lineIndexes: Map<string, LineIndex>;
}

/** A file's planned edits, as offsets into the text it was analysed with. */
export interface FileEdits {
  absolutePath: string;
  displayPath: string;
  text: string;
  edits: TextEdit[];
  /** The results whose edits go into this file (marked failed when writing fails). */
  results: PinResult[];
}

/** Reads and analyses every file first: pinning needs each text again when it edits. */
export async function collectPins(paths: readonly string[], project: ProjectSettings, cwd: string, scale: Pick<ScaleOptions, 'report' | 'helmRendering'> = {}): Promise<PinSet> {
  const set: PinSet = { candidates: [], texts: new Map(), displayPaths: new Map(), lineIndexes: new Map() };
  // A chart's pins may go into a --values file outside the paths given.
  for (const { absolutePath, text } of scale.helmRendering?.valuesFiles ?? []) {
    set.texts.set(absolutePath, text);
    set.displayPaths.set(absolutePath, displayPathFor(absolutePath, false, cwd));
  }
  for await (const { path: displayPath, absolutePath, text, analysis } of analyzeFiles(paths, project, undefined, cwd, scale)) {
    set.texts.set(absolutePath, text);
    set.displayPaths.set(absolutePath, displayPath);
    for (const image of analysis.images) {
      addCandidate(set, image, absolutePath, cwd);
    }
  }
  return set;
}

function addCandidate(set: PinSet, image: ImageOccurrence, analysedFile: string, cwd: string): void {
  // Images of units name other files by display path (relative to the working directory).
  const fileOf = (file: string | null): string => (file === null ? analysedFile : path.resolve(cwd, file));
  const textAt = (target: EditTarget): string | null => {
    const absolutePath = fileOf(target.file);
    const text = set.texts.get(absolutePath);
    if (text === undefined) {
      return null;
    }
    const { start, end } = offsetsIn(set, absolutePath, text, target.range);
    return text.slice(start, end);
  };
  const plan = planPin(image, textAt, { refresh: false });
  const file = set.displayPaths.get(fileOf(image.file)) ?? fileOf(image.file);
  const base = { file, range: image.range, image: image.image, digest: null, newImage: null, error: null };
  const result: PinResult =
    plan.kind === 'lookup'
      ? { ...base, status: 'pinned' }
      : plan.kind === 'already-pinned'
        ? { ...base, status: 'already-pinned' }
        : { ...base, status: 'skipped', error: plan.reason };
  set.candidates.push({ image, fileOf, plan, result, edits: [] });
}

/** Offsets of a range in a file's text; positions count a lone \r as a line break, as the analysis does. */
function offsetsIn(set: PinSet, absolutePath: string, text: string, range: Range): { start: number; end: number } {
  let lines = set.lineIndexes.get(absolutePath);
  if (lines === undefined) {
    lines = new LineIndex(text.replace(/\r(?!\n)/g, '\n'));
    set.lineIndexes.set(absolutePath, lines);
  }
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

function fail(result: PinResult, error: string): void {
  result.status = 'failed';
  result.newImage = null;
  result.error = error;
}

/**
 * Looks up every image still to pin, with one client so identical references
 * are resolved once; the client limits concurrency per registry. Fills in the
 * digest and the edits, or turns the result into a failure with the client's message.
 */
export async function resolveAll(set: PinSet, client: RegistryClient, mode: PinMode, onProgress: (done: number, total: number) => void): Promise<void> {
  const pending = set.candidates.filter((candidate) => candidate.plan.kind === 'lookup');
  let done = 0;
  onProgress(done, pending.length);
  await Promise.all(
    pending.map(async (candidate) => {
      const { plan, result, image } = candidate;
      if (plan.kind !== 'lookup') {
        return;
      }
      try {
        // verify: the digest is computed from the manifest bytes before it goes into a file.
        const resolved = await client.resolve(plan.lookup, { verify: true });
        result.digest = resolved.digest;
        result.newImage = withDigest(image.image, resolved.digest, mode);
        candidate.edits = pinEdits(image, plan, resolved.digest, mode).map((edit) => ({ ...edit, file: candidate.fileOf(edit.file) }));
      } catch (error) {
        fail(result, isRegistryError(error) ? error.message : `cannot pin: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        done++;
        onProgress(done, pending.length);
      }
    }),
  );
}

/**
 * The edits of every pinned image, grouped by file. Several images written at
 * one place (an anchor, a shared values key) make one edit; two different texts
 * for one place fail both images instead of guessing.
 */
export function fileEdits(set: PinSet): FileEdits[] {
  const candidates = set.candidates.filter((candidate) => candidate.result.status === 'pinned' && candidate.edits.length > 0);
  // An edit into a file this run never read cannot be checked against its text: refuse the image, never pin it halfway.
  for (const candidate of candidates) {
    const unread = candidate.edits.find((edit) => !set.texts.has(edit.file ?? ''));
    if (unread !== undefined) {
      fail(candidate.result, `${unread.file ?? 'a file'} is not among the files of this run; name it (or its folder) to pin there`);
    }
  }
  const conflicting = new Set(editsByFile(candidates.flatMap((candidate) => candidate.edits)).conflicts);
  for (const candidate of candidates) {
    if (candidate.edits.some((edit) => conflicting.has(edit))) {
      fail(candidate.result, 'another image needs a different text at the same place; pin it by hand');
    }
  }
  const pinned = candidates.filter((candidate) => candidate.result.status === 'pinned');
  // Each file's results in one pass (not a scan of every image per file).
  const resultsByFile = new Map<string, PinResult[]>();
  for (const candidate of pinned) {
    for (const file of new Set(candidate.edits.map((edit) => edit.file ?? ''))) {
      const results = resultsByFile.get(file) ?? [];
      results.push(candidate.result);
      resultsByFile.set(file, results);
    }
  }
  const result: FileEdits[] = [];
  for (const [file, edits] of editsByFile(pinned.flatMap((candidate) => candidate.edits)).files) {
    const absolutePath = file ?? '';
    const text = set.texts.get(absolutePath) ?? '';
    const results = resultsByFile.get(absolutePath) ?? [];
    result.push({
      absolutePath,
      displayPath: set.displayPaths.get(absolutePath) ?? absolutePath,
      text,
      edits: edits.map((edit) => ({ ...offsetsIn(set, absolutePath, text, edit.range), newText: edit.newText })),
      results,
    });
  }
  return result.sort((a, b) => a.displayPath.localeCompare(b.displayPath));
}
