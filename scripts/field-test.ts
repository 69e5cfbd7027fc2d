/**
 * Field test: runs the built CLI (`out/cli.js`) over a folder of real YAML
 * files and cross-checks every image it reports against an independent
 * reading of the same files with the `yaml` package's plain parse.
 *
 *   npm run field-test -- DIR
 *
 * The independent reading takes every map with an `image` key inside a
 * container list (`containers`, `initContainers`, `ephemeralContainers`,
 * Argo/Tekton `sidecars` and `steps`) or an Argo/Tekton single container
 * (`container`, `script`, `stepTemplate`) of a document with `apiVersion` and
 * `kind`, and works out the effective pull policy on its own. It prints:
 *
 * - misses: images it found that the CLI did not report, split into silent
 *   ones and ones in a file the CLI warned about (a YAML document it could not
 *   read);
 * - extras: images the CLI reported that it did not find (operator fields,
 *   chart templates it cannot parse);
 * - wrong values: a different image text or effective policy at the same place;
 * - placeholder errors: `invalid-image-reference` on `ko://`, `$(…)`, `{{…}}`;
 * - masked text: a reported string that is not text of the file (mask filler);
 * - range mismatches: the text under a reported range is not the image value.
 *
 * Images of a unit (a Helm chart rendered per environment, a kustomize overlay
 * built) carry an `environment`: their image is the rendered or deployed one and
 * their range is where it is fixed (a values key, an `images:` entry). They match
 * the independent reading by their origin (the template or base resource line);
 * their range must hold part of the deployed value (a tag, a repository) or the
 * template expression; their strings must hold no mask filler.
 *
 * Exit status 1 when there is a silent drop, masked text or a range mismatch.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Document, Node as YamlNode } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
// Plain alias resolution of the yaml package (no analyser logic), shared to avoid a copy.
import { resolveAlias } from '../server/src/core/locate/resolveAlias';

const CLI = path.resolve(__dirname, '../out/cli.js');
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers', 'sidecars', 'steps']);
/** Single containers exist only in Argo and Tekton objects (a skaffold Config's `verify[].container` is not a Kubernetes object). */
const CONTAINER_SINGLES = new Set(['container', 'script', 'stepTemplate']);
const SINGLE_CONTAINER_GROUPS = /^(argoproj\.io|tekton\.dev)\//;
const PLACEHOLDER = /ko:\/\/|\$\(|\{\{/;
/** What the template mask writes over template text (core/yaml/helmTemplateMask.ts). */
const MASK_FILLER = /x{6,}/;

interface Position {
  line: number;
  character: number;
}
interface Problem {
  path: string;
  position: Position | null;
  message: string;
}
interface CliImage {
  file: string;
  range: { start: Position; end: Position };
  resource: Record<string, string | null>;
  container: string | null;
  image: string;
  source: string;
  environment: string | null;
  origin: { file: string | null; range: { start: Position; end: Position } };
  reference: { valid: boolean };
  pullPolicy: { explicit: string | null; effective: string | null };
}
interface CliDiagnostic {
  file: string;
  range: { start: Position };
  code: string;
}
interface ExpectedImage {
  /** [start, end) offsets of the value node (an alias's anchored node). */
  start: number;
  end: number;
  image: string;
  policy: string;
}

function runCli(args: string[], cwd: string): { code: number | null; json: unknown; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    json = null;
  }
  return { code: run.status, json, stderr: run.stderr };
}

/** Kubernetes' defaulting, written independently of the analyser: Always for latest or no tag, else IfNotPresent. */
function defaultPolicy(image: string): string {
  if (image.includes('@')) {
    return 'IfNotPresent';
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon === -1 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function field(map: unknown, key: string, doc: Document): unknown {
  const target = resolveAlias(map, doc);
  if (!isMap(target)) {
    return undefined;
  }
  return resolveAlias(target.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value, doc);
}

function expectedImagesOf(text: string): { images: ExpectedImage[]; unreadable: Array<[number, number]> } {
  const images: ExpectedImage[] = [];
  const unreadable: Array<[number, number]> = [];
  for (const doc of parseAllDocuments(text, { merge: true, uniqueKeys: false })) {
    if (!('errors' in doc) || doc.errors.length > 0) {
      const range = 'range' in doc ? doc.range : null;
      unreadable.push(range ? [range[0], range[2]] : [0, text.length]);
      continue;
    }
    const root = doc.contents;
    const isString = (node: unknown): boolean => isScalar(node) && typeof node.value === 'string';
    const apiVersion = field(root, 'apiVersion', doc);
    if (!isMap(root) || !isString(apiVersion) || !isString(field(root, 'kind', doc))) {
      continue;
    }
    const singles = SINGLE_CONTAINER_GROUPS.test(String((apiVersion as { value: unknown }).value));
    const container = (node: unknown): void => {
      const imageNode = field(node, 'image', doc);
      if (!isScalar(imageNode) || typeof imageNode.value !== 'string' || !imageNode.range) {
        return;
      }
      const policyNode = field(node, 'imagePullPolicy', doc);
      const explicit = isScalar(policyNode) && typeof policyNode.value === 'string' ? policyNode.value : null;
      images.push({ start: imageNode.range[0], end: imageNode.range[1], image: imageNode.value, policy: explicit ?? defaultPolicy(imageNode.value) });
    };
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = resolveAlias(stack.pop(), doc);
      if (isSeq(node)) {
        stack.push(...node.items);
      } else if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? pair.key.value : null;
          const value = resolveAlias(pair.value, doc);
          if (typeof key === 'string' && CONTAINER_LISTS.has(key) && isSeq(value)) {
            value.items.forEach((item) => container(item));
          } else if (singles && typeof key === 'string' && CONTAINER_SINGLES.has(key) && isMap(value)) {
            container(value);
          }
          if (!isAlias(pair.value)) {
            stack.push(pair.value as YamlNode);
          }
        }
      }
    }
  }
  return { images, unreadable };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

function main(): void {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: npm run field-test -- DIR\n');
    process.exit(2);
  }
  const root = path.resolve(dir);
  const images = runCli(['images', '--format', 'json', '.'], root);
  const check = runCli(['check', '--format', 'json', '--fail-on', 'never', '.'], root);
  const imagesOutput = images.json as { images: CliImage[]; errors: Problem[]; warnings: Problem[] } | null;
  const checkOutput = check.json as { diagnostics: CliDiagnostic[]; errors: Problem[] } | null;
  if (imagesOutput === null || checkOutput === null) {
    process.stderr.write(`the CLI printed invalid JSON (images exit ${images.code}, check exit ${check.code})\n${images.stderr}${check.stderr}`);
    process.exit(1);
  }

  const byFile = new Map<string, CliImage[]>();
  const unitImagesByOrigin = new Map<string, CliImage[]>();
  for (const image of imagesOutput.images) {
    if (image.environment === null) {
      byFile.set(image.file, [...(byFile.get(image.file) ?? []), image]);
    } else if (image.origin.file !== null) {
      unitImagesByOrigin.set(image.origin.file, [...(unitImagesByOrigin.get(image.origin.file) ?? []), image]);
    }
  }
  const unitImages = imagesOutput.images.filter((image) => image.environment !== null);
  const warnedFiles = new Set(imagesOutput.warnings.map((warning) => warning.path));
  const files = new Set([...byFile.keys()]);
  // Files without images in the CLI output are read too: that is where silent drops hide.
  for (const file of listYamlFiles(root)) {
    files.add(file);
  }

  const counts = { files: 0, expected: 0, reported: imagesOutput.images.length, units: unitImages.length, matched: 0, matchedByUnits: 0, independentUnreadable: 0 };
  const report: Record<'silentMisses' | 'warnedMisses' | 'extras' | 'extrasInUnparsable' | 'wrongValues' | 'maskedText' | 'rangeMismatches', string[]> = {
    silentMisses: [],
    warnedMisses: [],
    extras: [],
    extrasInUnparsable: [],
    wrongValues: [],
    maskedText: [],
    rangeMismatches: [],
  };
  for (const file of [...files].sort()) {
    const source = readWithOffsets(path.join(root, file));
    if (source === null) {
      continue;
    }
    const { text, offsetOf } = source;
    counts.files++;
    const { images: expected, unreadable } = expectedImagesOf(text);
    counts.independentUnreadable += unreadable.length;
    const inUnreadable = (offset: number): boolean => unreadable.some(([start, end]) => offset >= start && offset <= end);
    counts.expected += expected.length;
    const reported = byFile.get(file) ?? [];
    const fromUnits = unitImagesByOrigin.get(file) ?? [];
    const within = (position: Position, want: ExpectedImage): boolean => offsetOf(position) >= want.start && offsetOf(position) <= want.end;
    const matched = new Set<CliImage>();
    for (const want of expected) {
      const found = reported.find((image) => !matched.has(image) && within(image.range.start, want));
      if (found === undefined && fromUnits.some((image) => within(image.origin.range.start, want))) {
        // Rendered or rewritten by a chart or overlay: what it deploys is reported where it is fixed.
        counts.matchedByUnits++;
        continue;
      }
      if (found === undefined) {
        (warnedFiles.has(file) ? report.warnedMisses : report.silentMisses).push(`${file}: ${want.image}`);
        continue;
      }
      matched.add(found);
      counts.matched++;
      // The policy of a reference the kubelet cannot parse is IfNotPresent by a rule this reading does not redo.
      const policyDiffers = found.reference.valid && found.pullPolicy.effective !== want.policy;
      if (found.image !== want.image || policyDiffers) {
        report.wrongValues.push(`${file}: ${want.image} (${want.policy}) reported as ${found.image} (${String(found.pullPolicy.effective)})`);
      }
    }
    for (const image of reported) {
      if (!matched.has(image)) {
        const where = `${file}:${image.range.start.line + 1}: ${image.image} (${image.source})`;
        (inUnreadable(offsetOf(image.range.start)) ? report.extrasInUnparsable : report.extras).push(where);
      }
      const strings = [image.resource.apiVersion, image.resource.kind, image.resource.name, image.resource.namespace, image.container, image.image, image.pullPolicy.explicit];
      for (const value of strings) {
        if (value !== null && value !== undefined && !text.includes(value)) {
          report.maskedText.push(`${file}:${image.range.start.line + 1}: ${JSON.stringify(value)}`);
        }
      }
      const under = text.slice(offsetOf(image.range.start), offsetOf(image.range.end));
      const multiLine = image.range.start.line !== image.range.end.line;
      if (under !== image.image && !multiLine && !/\\|''/.test(under)) {
        report.rangeMismatches.push(`${file}:${image.range.start.line + 1}: range covers ${JSON.stringify(under)}, value ${JSON.stringify(image.image)}`);
      }
    }
  }

  // Each file of a unit range read once: many images (every environment) are fixed in one values file.
  const unitImagesByFile = new Map<string, CliImage[]>();
  for (const image of unitImages) {
    unitImagesByFile.set(image.file, [...(unitImagesByFile.get(image.file) ?? []), image]);
  }
  for (const [file, imagesInFile] of unitImagesByFile) {
    const source = readWithOffsets(path.join(root, file));
    imagesInFile.forEach((image) => checkUnitImage(image, source, report));
  }

  const imagesByPosition = new Map(imagesOutput.images.map((image) => [`${image.file}:${image.range.start.line}:${image.range.start.character}`, image]));
  const placeholderErrors = checkOutput.diagnostics.filter((diagnostic) => {
    const image = imagesByPosition.get(`${diagnostic.file}:${diagnostic.range.start.line}:${diagnostic.range.start.character}`);
    return diagnostic.code === 'invalid-image-reference' && image !== undefined && PLACEHOLDER.test(image.image);
  });
  const helmOutsideCharts = imagesOutput.images.filter((image) => image.source === 'helm' && !isInChart(root, image.file)).length;

  const section = (title: string, lines: string[]): void => {
    process.stdout.write(`\n${title}: ${lines.length}\n`);
    for (const line of lines.slice(0, 25)) {
      process.stdout.write(`  ${line}\n`);
    }
    if (lines.length > 25) {
      process.stdout.write(`  … ${lines.length - 25} more\n`);
    }
  };
  process.stdout.write(
    [
      `files read: ${counts.files}`,
      `CLI: images exit ${images.code}, check exit ${check.code}; ${imagesOutput.errors.length} errors, ${imagesOutput.warnings.length} warnings`,
      `images reported by the CLI: ${counts.reported}`,
      `images found by the independent reading: ${counts.expected} (${counts.matched} matched in place, ${counts.matchedByUnits} by the chart or overlay that deploys them; ${counts.independentUnreadable} documents it could not parse)`,
      `images of charts and overlays (per environment): ${counts.units}`,
      `images with source "helm" outside a chart: ${helmOutsideCharts}`,
    ].join('\n') + '\n',
  );
  section('silent misses', report.silentMisses);
  section('misses in files with a parser warning', report.warnedMisses);
  const templated = report.extras.filter((line) => line.endsWith('(helm)'));
  section('extras outside templates (operator fields, containers the independent reading does not know)', report.extras.filter((line) => !line.endsWith('(helm)')));
  process.stdout.write(`\nextras in template files whose templated values the independent reading cannot take as strings: ${templated.length}\n`);
  process.stdout.write(`\nextras in documents the independent reading cannot parse (chart templates): ${report.extrasInUnparsable.length}\n`);
  section('wrong values', report.wrongValues);
  section('placeholder errors', placeholderErrors.map((diagnostic) => `${diagnostic.file}:${diagnostic.range.start.line + 1}`));
  section('masked text', report.maskedText);
  section('range mismatches', report.rangeMismatches);
  process.exitCode = report.silentMisses.length + report.maskedText.length + report.rangeMismatches.length > 0 ? 1 : 0;
}

/** A file's text and the offset of a position in it; null when it cannot be read. */
function readWithOffsets(file: string): { text: string; offsetOf: (position: Position) => number } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const starts = lineStarts(text);
  return { text, offsetOf: (position) => (starts[position.line] ?? text.length) + position.character };
}

/** A unit image: no mask filler in its strings; its range holds part of the deployed value, or the template expression that renders it. */
function checkUnitImage(image: CliImage, source: ReturnType<typeof readWithOffsets>, report: Record<'maskedText' | 'rangeMismatches', string[]>): void {
  const where = `${image.file}:${image.range.start.line + 1} (${image.source} ${String(image.environment)})`;
  const strings = [image.resource.apiVersion, image.resource.kind, image.resource.name, image.resource.namespace, image.container, image.image];
  for (const value of strings) {
    if (value !== null && value !== undefined && MASK_FILLER.test(value)) {
      report.maskedText.push(`${where}: ${JSON.stringify(value)}`);
    }
  }
  if (source === null) {
    report.rangeMismatches.push(`${where}: the file of the range cannot be read`);
    return;
  }
  const under = source.text.slice(source.offsetOf(image.range.start), source.offsetOf(image.range.end)).replace(/^(["'])(.*)\1$/s, '$2');
  if (under === '' || !(image.image.includes(under) || under.includes('{{'))) {
    report.rangeMismatches.push(`${where}: range covers ${JSON.stringify(under)}, deployed ${JSON.stringify(image.image)}`);
  }
}

/** Whether a file lies in a Helm chart: some folder above it (within DIR) holds a Chart.yaml. */
function isInChart(root: string, file: string): boolean {
  for (let dir = path.dirname(path.join(root, file)); dir.startsWith(root); dir = path.dirname(dir)) {
    try {
      readFileSync(path.join(dir, 'Chart.yaml'));
      return true;
    } catch {
      // not here
    }
    if (dir === root) {
      break;
    }
  }
  return false;
}

/** `*.yaml`/`*.yml` under root, as the CLI names them, skipping hidden folders and node_modules like the CLI. */
function listYamlFiles(root: string, relative = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      files.push(...listYamlFiles(root, name));
    } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
      files.push(name);
    }
  }
  return files;
}

main();
