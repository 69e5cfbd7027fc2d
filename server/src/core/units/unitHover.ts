/**
 * Hover for a unit (Helm chart or kustomization): what the place under the cursor deploys
 * in each environment, side by side. Plain Markdown (tables and code spans) so that it
 * reads the same in VS Code and in Neovim.
 */
import type { EditTarget, ImageOccurrence, Position, Range } from '../model';
import { mayHaveTargetAt } from './lazyEditTargets';
import type { UnitAnalysis } from './unitAnalysis';

/** Hover Markdown for `position` in `file`, or null when the place feeds no image of the unit. */
export function unitHoverMarkdown(unit: UnitAnalysis, file: string, position: Position): string | null {
  const fed = unit.images.filter((image) => feeds(image, file, position));
  if (fed.length > 0) {
    // The same containers in the other environments, where another file supplies the value: side by side.
    const identities = new Set(fed.map(identity));
    const related = unit.images.filter((image) => identities.has(identity(image)));
    return valueHover(unit, fed, related, file, position);
  }
  const written = unit.images.filter((image) => image.origin.file === file && contains(image.origin.range, position));
  return written.length > 0 ? templateHover(unit, written) : null;
}

/** The position is on the image's primary place, one of its edit targets, or its pull policy key. */
function feeds(image: ImageOccurrence, file: string, position: Position): boolean {
  if (image.file === file && (contains(image.range, position) || contains(image.policyKeyRange, position) || contains(image.policyValueRange, position))) {
    return true;
  }
  return mayHaveTargetAt(image, file, position) && image.editTargets.some((target) => target.file === file && !isEmpty(target.range) && contains(target.range, position));
}

function valueHover(unit: UnitAnalysis, images: readonly ImageOccurrence[], related: readonly ImageOccurrence[], file: string, position: Position): string {
  const kinds = new Set(images.flatMap((image) => image.editTargets.filter((target) => target.file === file && contains(target.range, position)).map((target) => target.kind)));
  const what = kinds.size > 0 ? [...kinds].map(describeKind).join(', ') : unit.kind === 'helm' ? 'values key' : '`images:` entry';
  const fed = new Set(images);
  const elsewhere = (image: ImageOccurrence): string | null => (fed.has(image) ? null : `set in \`${shown(unit, image.file)}:${image.range.start.line + 1}\``);
  const lines = [`**${unit.kind === 'helm' ? 'Helm' : 'Kustomize'}: this ${what} feeds ${count(new Set(images.map(containerName)).size, 'container')}**`, '', ...table(unit, related, elsewhere)];
  const rules = [...new Set(related.map((image) => `${image.pullPolicy.effective ?? 'unknown'}: ${image.pullPolicy.explanation}`))];
  lines.push('', '**Pull policy rule**', '', ...rules.map((rule) => `- ${rule}`));
  const written = [...new Set(images.map((image) => `${shown(unit, image.origin.file)}:${image.origin.range.start.line + 1}`))];
  lines.push('', `**${unit.kind === 'helm' ? 'Templates' : 'Resources'}**`, '', ...written.map((place) => `- \`${place}\``));
  return lines.join('\n');
}

function templateHover(unit: UnitAnalysis, images: readonly ImageOccurrence[]): string {
  const lines = [`**${unit.kind === 'helm' ? 'Helm: rendered image' : 'Kustomize: deployed image'} per environment**`, '', ...table(unit, images, () => null)];
  // Each place the image comes from, with the environments that read it there.
  const sources = new Map<string, Set<string>>();
  const note = (place: string, environment: string | null): void => {
    const environments = sources.get(place) ?? new Set<string>();
    environments.add(environment ?? '');
    sources.set(place, environments);
  };
  for (const image of images) {
    const primary = `\`${shown(unit, image.file)}:${image.range.start.line + 1}\``;
    for (const target of image.editTargets) {
      if (!isEmpty(target.range)) {
        note(`${describeKind(target.kind)} \`${shown(unit, target.file)}:${target.range.start.line + 1}\``, image.environment);
      }
    }
    if (image.file !== image.origin.file || !sameRange(image.range, image.origin.range)) {
      if (![...sources.keys()].some((place) => place.endsWith(primary))) {
        note(`value ${primary}`, image.environment);
      }
    }
  }
  if (sources.size > 0) {
    lines.push('', '**Comes from**', '', ...[...sources].map(([place, environments]) => `- ${place} (${[...environments].join(', ')})`));
  } else {
    lines.push('', 'Written here, in the template.');
  }
  return lines.join('\n');
}

/** One row per environment and image, in the unit's environment order, with the containers that run it. */
function table(unit: UnitAnalysis, images: readonly ImageOccurrence[], elsewhere: (image: ImageOccurrence) => string | null): string[] {
  const rows = new Map<string, { environment: string; image: string; policy: string; containers: Set<string> }>();
  const order = new Map(unit.environments.map((environment, index) => [environment.name, index]));
  const sorted = [...images].sort((a, b) => (order.get(a.environment ?? '') ?? 0) - (order.get(b.environment ?? '') ?? 0));
  for (const image of sorted) {
    const policy = `${image.pullPolicy.effective ?? 'unknown'} (${image.pullPolicy.rule})`;
    const other = elsewhere(image);
    const environment = `${image.environment ?? ''}${other ? ` (${other})` : ''}`;
    const key = `${environment}\u0000${image.image}\u0000${policy}`;
    const row = rows.get(key) ?? { environment, image: image.image, policy, containers: new Set<string>() };
    row.containers.add(containerName(image));
    rows.set(key, row);
  }
  return [
    '| Environment | Image | Pull policy (rule) | Containers |',
    '| --- | --- | --- | --- |',
    ...[...rows.values()].map((row) => `| ${cell(row.environment)} | \`${cell(row.image)}\` | ${row.policy} | ${cell([...row.containers].join(', '))} |`),
  ];
}

function identity(image: ImageOccurrence): string {
  return `${image.origin.file}\u0000${containerName(image)}\u0000${image.containerPath}`;
}

function containerName(image: ImageOccurrence): string {
  return `${image.resource.kind ?? '?'}/${image.resource.name ?? '?'}${image.container ? `/${image.container}` : ''}`;
}

function describeKind(kind: EditTarget['kind']): string {
  return { image: 'image', repository: 'repository', tag: 'tag', digest: 'digest', 'kustomize-image': '`images:` entry' }[kind];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function contains(range: Range | null, position: Position): boolean {
  if (!range) {
    return false;
  }
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

function isEmpty(range: Range): boolean {
  return range.start.line === range.end.line && range.start.character === range.end.character;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** A file as the hover names it: relative to the chart folder (a chart's files all live in it). */
function shown(unit: UnitAnalysis, file: string | null): string {
  const root = `${unit.root.replace(/\/+$/, '')}/`;
  return file === null ? '' : unit.kind === 'helm' && file.startsWith(root) ? file.slice(root.length) : file;
}
