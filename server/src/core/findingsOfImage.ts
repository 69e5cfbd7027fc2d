import type { FileAnalysis, Finding } from './model';

/** Index of the first finding whose imageIndex is at least `imageIndex`. */
function lowerBound(findings: readonly Finding[], imageIndex: number): number {
  let low = 0;
  let high = findings.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((findings[mid] as Finding).imageIndex < imageIndex) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

/**
 * The findings about one image. The core lists findings image by image
 * (ascending `imageIndex`), so this is a binary search: asking for every image
 * of a large file stays linear overall instead of quadratic.
 */
export function findingsOfImage(analysis: FileAnalysis, imageIndex: number): Finding[] {
  const start = lowerBound(analysis.findings, imageIndex);
  return analysis.findings.slice(start, lowerBound(analysis.findings, imageIndex + 1));
}

/** How many findings are about each image, counting a finding shared by several images (one values key feeding them) for each. */
export function findingCounts(analysis: FileAnalysis): number[] {
  const counts = new Array<number>(analysis.images.length).fill(0);
  for (const finding of analysis.findings) {
    for (const index of [finding.imageIndex, ...(finding.sharedWith ?? [])]) {
      counts[index] = (counts[index] ?? 0) + 1;
    }
  }
  return counts;
}
