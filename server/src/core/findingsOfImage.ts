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
