/**
 * Hovers on kustomizations: on an overlay's `images:` entry (or patch), the containers
 * it rewrites, before → after; on a base resource's image, what each kustomization
 * that includes it deploys instead, side by side. Files are named relative to the
 * kustomization, the way its own `resources:` name them.
 */
import type { ImageOccurrence, Position } from '../model';
import { cell, containerName, contains, count, isEmpty, place, policyCell, policyRules, sameRange } from './hoverText';
import type { UnitAnalysis } from './unitAnalysis';

/** The hover sections of kustomize `units` for `position` in `file`: one per unit rewriting there, one table for a resource line. */
export function kustomizeHoverSections(units: readonly UnitAnalysis[], file: string, position: Position): string[] {
  const sections: string[] = [];
  const written: Array<{ unit: UnitAnalysis; image: ImageOccurrence }> = [];
  for (const unit of units) {
    const rewritten = unit.images.filter((image) => rewritesAt(image, file, position));
    if (rewritten.length > 0) {
      sections.push(rewriteHover(unit, rewritten));
    }
    for (const image of unit.images) {
      if (image.origin.file === file && contains(image.origin.range, position)) {
        written.push({ unit, image });
      }
    }
  }
  if (written.length > 0) {
    sections.push(deployedHover(written));
  }
  return sections;
}

/** The position is on the change that fixed the deployed image (an `images:` field or a patch value) or its pull policy (a patch value), or on the overlay's entry for it. */
function rewritesAt(image: ImageOccurrence, file: string, position: Position): boolean {
  if (image.file === file && contains(image.range, position) && !isAsWritten(image)) {
    return true;
  }
  if (image.policyPatch?.file === file && contains(image.policyPatch.range, position)) {
    return true;
  }
  return image.editTargets.some((target) => target.file === file && !isEmpty(target.range) && contains(target.range, position));
}

/** No `images:` entry or patch changed the image: it is deployed as the resource writes it. */
function isAsWritten(image: ImageOccurrence): boolean {
  return image.file === image.origin.file && sameRange(image.range, image.origin.range);
}

function rewriteHover(unit: UnitAnalysis, images: readonly ImageOccurrence[]): string {
  const environment = unit.environments[0];
  const rows = new Set(
    images.map((image) => {
      // A patch that set only the pull policy leaves the image as written: no arrow.
      const before = image.origin.image === undefined || image.origin.image === image.image ? '' : `\`${cell(image.origin.image)}\` → `;
      return `| ${cell(containerName(image))} | \`${cell(place(unit, image.origin.file, image.origin.range))}\` | ${before}\`${cell(image.image)}\` | ${policyCell(image)} |`;
    }),
  );
  return [
    `**Kustomize \`${environment?.name ?? unit.root}\`: ${count(new Set(images.map(containerName)).size, 'container')} rewritten here**`,
    '',
    ...(environment ? [`Environment: ${environment.profile} (${environment.profileReason})`, ''] : []),
    '| Container | Resource | Before → after | Pull policy (rule) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '**Pull policy rule**',
    '',
    ...policyRules(images),
  ].join('\n');
}

/** One row per kustomization (by path) and deployed image, with where it was set and the containers that run it. */
function deployedHover(written: ReadonlyArray<{ unit: UnitAnalysis; image: ImageOccurrence }>): string {
  const rows = new Map<string, { overlay: string; cells: string; containers: Set<string> }>();
  for (const { unit, image } of written) {
    const environment = unit.environments[0];
    const overlay = environment?.name ?? unit.root;
    const setAt = isAsWritten(image) ? 'as written' : `\`${cell(place(unit, image.file, image.range))}\``;
    const cells = `\`${cell(overlay)}\` | ${environment?.profile ?? ''} | \`${cell(image.image)}\` | ${policyCell(image)} | ${setAt}`;
    const row = rows.get(cells) ?? { overlay, cells, containers: new Set<string>() };
    row.containers.add(containerName(image));
    rows.set(cells, row);
  }
  const literals = [...new Set(written.flatMap(({ image }) => (image.origin.image === undefined ? [] : [`\`${cell(image.origin.image)}\``])))];
  const sorted = [...rows.values()].sort((a, b) => (a.overlay < b.overlay ? -1 : a.overlay > b.overlay ? 1 : 0));
  return [
    `**Kustomize: deployed per kustomization${literals.length > 0 ? `, written here as ${literals.join(', ')}` : ''}**`,
    '',
    '| Kustomization | Environment | Deployed image | Pull policy (rule) | Set at | Containers |',
    '| --- | --- | --- | --- | --- | --- |',
    ...sorted.map((row) => `| ${row.cells} | ${cell([...row.containers].join(', '))} |`),
    '',
    '**Pull policy rule**',
    '',
    ...policyRules(written.map(({ image }) => image)),
  ].join('\n');
}
