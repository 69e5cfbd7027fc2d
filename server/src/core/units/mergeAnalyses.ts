import type { FileAnalysis, Finding } from '../model';

/**
 * What one file shows: its own analysis, unless a unit covers it (a chart
 * template, a kustomization's resource: the unit knows what is really
 * deployed), plus every unit's findings placed in it (values keys, `images:`
 * entries). Image indexes of later parts are shifted past the earlier ones.
 */
export function mergeFileAnalyses(own: FileAnalysis | null, covered: boolean, fromUnits: readonly FileAnalysis[]): FileAnalysis | null {
  const parts = [...(own && !covered ? [own] : []), ...fromUnits];
  const [first] = parts;
  if (!first) {
    // Covered, and every image of the file is shown elsewhere (where its units fix it).
    return own && { ...own, images: [], findings: [] };
  }
  if (parts.length === 1 && first === own) {
    return own;
  }
  const merged: FileAnalysis = {
    ...(own ?? first),
    images: [],
    findings: [],
    suppressions: own?.suppressions ?? first.suppressions,
  };
  for (const part of parts) {
    const offset = merged.images.length;
    for (const image of part.images) {
      merged.images.push(image);
    }
    for (const finding of part.findings) {
      merged.findings.push(offset === 0 ? finding : shifted(finding, offset));
    }
  }
  return merged;
}

/** A finding of a part, its image indices moved past the images of the parts before it. */
function shifted(finding: Finding, offset: number): Finding {
  const moved: Finding = { ...finding, imageIndex: finding.imageIndex + offset };
  if (finding.sharedWith) {
    moved.sharedWith = finding.sharedWith.map((index) => index + offset);
  }
  return moved;
}
