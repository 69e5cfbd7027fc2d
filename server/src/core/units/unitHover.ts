/**
 * Hover for a unit (Helm chart or kustomization): what the place under the cursor deploys
 * in each environment, side by side. Plain Markdown (tables and code spans) so that it
 * reads the same in VS Code and in Neovim.
 */
import type { EditTarget, ImageOccurrence, Position } from '../model';
import { cell, containerName, contains, count, isEmpty, place, policyCell, policyRules, sameRange } from './hoverText';
import { kustomizeHoverSections } from './kustomizeHover';
import { mayHaveTargetAt } from './lazyEditTargets';
import type { UnitAnalysis } from './unitAnalysis';

/**
 * Hover Markdown for `position` in `file` from every unit that deploys something there, or
 * null. Kustomizations sharing a resource are compared in one table (each overlay a row).
 */
export function unitsHoverMarkdown(units: readonly UnitAnalysis[], file: string, position: Position): string | null {
  const sections = [
    ...units.filter((unit) => unit.kind === 'helm').flatMap((unit) => helmHoverMarkdown(unit, file, position) ?? []),
    ...kustomizeHoverSections(
      units.filter((unit) => unit.kind === 'kustomize'),
      file,
      position,
    ),
  ];
  return sections.length > 0 ? sections.join('\n\n---\n\n') : null;
}

/** Hover Markdown for `position` in `file`, or null when the place feeds no image of the unit. */
export function unitHoverMarkdown(unit: UnitAnalysis, file: string, position: Position): string | null {
  return unitsHoverMarkdown([unit], file, position);
}

function helmHoverMarkdown(unit: UnitAnalysis, file: string, position: Position): string | null {
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
  const what = kinds.size > 0 ? [...kinds].map(describeKind).join(', ') : 'values key';
  const fed = new Set(images);
  const elsewhere = (image: ImageOccurrence): string | null => (fed.has(image) ? null : `set in \`${place(unit, image.file, image.range)}\``);
  const lines = [`**Helm: this ${what} feeds ${count(new Set(images.map(containerName)).size, 'container')}**`, '', ...table(unit, related, elsewhere)];
  lines.push('', '**Pull policy rule**', '', ...policyRules(related));
  const written = [...new Set(images.map((image) => place(unit, image.origin.file, image.origin.range)))];
  lines.push('', '**Templates**', '', ...written.map((template) => `- \`${template}\``));
  return lines.join('\n');
}

function templateHover(unit: UnitAnalysis, images: readonly ImageOccurrence[]): string {
  const lines = ['**Helm: rendered image per environment**', '', ...table(unit, images, () => null)];
  // Each place the image comes from, with the environments that read it there.
  const sources = new Map<string, Set<string>>();
  const note = (source: string, environment: string | null): void => {
    const environments = sources.get(source) ?? new Set<string>();
    environments.add(environment ?? '');
    sources.set(source, environments);
  };
  for (const image of images) {
    const primary = `\`${place(unit, image.file, image.range)}\``;
    for (const target of image.editTargets) {
      if (!isEmpty(target.range)) {
        note(`${describeKind(target.kind)} \`${place(unit, target.file, target.range)}\``, image.environment);
      }
    }
    if (image.file !== image.origin.file || !sameRange(image.range, image.origin.range)) {
      if (![...sources.keys()].some((source) => source.endsWith(primary))) {
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
    const policy = policyCell(image);
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

function describeKind(kind: EditTarget['kind']): string {
  return { image: 'image', repository: 'repository', tag: 'tag', digest: 'digest', 'kustomize-image': '`images:` entry' }[kind];
}
