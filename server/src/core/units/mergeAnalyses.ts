import type { FileAnalysis, FileFindings, Finding } from '../model';

/**
 * What one file shows: its own analysis, unless a unit covers it (a chart
 * template, a kustomization's resource: the unit knows what is really
 * deployed), plus every unit's findings placed in it (values keys, `images:`
 * entries). Image indexes of later parts are shifted past the earlier ones.
 * Given its own findings without images, it answers findings only.
 */
export function mergeFileAnalyses(own: FileAnalysis | null, covered: boolean, fromUnits: readonly FileAnalysis[]): FileAnalysis | null;
export function mergeFileAnalyses(own: FileFindings, covered: boolean, fromUnits: readonly FileAnalysis[]): FileFindings;
export function mergeFileAnalyses(own: FileAnalysis | FileFindings | null, covered: boolean, fromUnits: readonly FileAnalysis[]): FileAnalysis | FileFindings | null {
  const parts = [...(own && !covered ? [own] : []), ...fromUnits];
  const [first] = parts;
  if (!first) {
    // Covered, and every image of the file is shown elsewhere (where its units fix it).
    return own && ('images' in own ? { ...own, images: [], findings: [] } : { ...own, imageCount: 0, findings: [] });
  }
  if (parts.length === 1 && first === own) {
    return own;
  }
  const findings: Finding[] = [];
  let offset = 0;
  for (const part of parts) {
    for (const finding of part.findings) {
      findings.push(offset === 0 ? finding : shifted(finding, offset));
    }
    offset += 'images' in part ? part.images.length : part.imageCount;
  }
  if (own !== null && !('images' in own)) {
    return { ...own, findings, imageCount: offset };
  }
  const images = parts.flatMap((part) => ('images' in part ? part.images : []));
  return { ...(own ?? first), images, findings, suppressions: own?.suppressions ?? first.suppressions };
}

/** The analysis without its images (see FileFindings). */
export function findingsOf({ images, ...rest }: FileAnalysis): FileFindings {
  return { ...rest, imageCount: images.length };
}

/** A finding of a part, its image indices moved past the images of the parts before it. */
function shifted(finding: Finding, offset: number): Finding {
  const moved: Finding = { ...finding, imageIndex: finding.imageIndex + offset };
  if (finding.sharedWith) {
    moved.sharedWith = finding.sharedWith.map((index) => index + offset);
  }
  return moved;
}
