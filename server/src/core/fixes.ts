import type { FileAnalysis, Finding, ImageOccurrence, PullPolicy, Range } from './model';
import { canonicalPolicyCase } from './policy/effectivePullPolicy';
import { isMutableTag } from './evaluateRules';
import { findingsOfImage } from './findingsOfImage';
import type { AnalysisSettings } from './settings';

export interface TextEditData {
  range: Range;
  newText: string;
}

export interface FixProposal {
  title: string;
  /** Safe fixes change no behaviour the user intended and may run on save (source.fixAll). */
  safe: boolean;
  preferred: boolean;
  /** The finding this fix resolves, if any. */
  finding: Finding | null;
  edits: TextEditData[];
}

/** The edit that makes the policy `value`: replace the written value, or insert the key after the image. */
export function setPolicyEdit(image: ImageOccurrence, value: PullPolicy): TextEditData | null {
  const written = image.policyValueRange;
  if (written) {
    // `imagePullPolicy:` with nothing after the colon gets a separating space; an empty
    // quoted string (explicit '') is filled inside its quotes.
    const empty = written.start.line === written.end.line && written.start.character === written.end.character;
    return { range: written, newText: empty && image.pullPolicy.explicit === null ? ` ${value}` : value };
  }
  const insertion = image.policyInsertion;
  if (!insertion) {
    return null;
  }
  return {
    range: { start: insertion.position, end: insertion.position },
    newText: `${insertion.prefix}imagePullPolicy: ${value}${insertion.suffix}`,
  };
}

/** The policy the profile recommends for this image, when it differs from the effective one. */
function recommendedPolicy(analysis: FileAnalysis, image: ImageOccurrence, settings: AnalysisSettings): PullPolicy | null {
  const mutable = isMutableTag(image, settings);
  if (analysis.profile === 'dev') {
    return mutable ? 'Always' : null;
  }
  if (analysis.profile === 'prod') {
    return mutable ? null : 'IfNotPresent';
  }
  return mutable ? 'Always' : 'IfNotPresent';
}

/** Offline fixes for the image at `imageIndex` and the findings about it. */
export function fixesForImage(analysis: FileAnalysis, imageIndex: number, settings: AnalysisSettings): FixProposal[] {
  const image = analysis.images[imageIndex];
  if (!image) {
    return [];
  }
  const findings = findingsOfImage(analysis, imageIndex);
  const proposals: FixProposal[] = [];
  const invalidPolicy = findings.find((finding) => finding.code === 'invalid-pull-policy') ?? null;
  const canonical = image.pullPolicy.rule === 'invalid-explicit' ? canonicalPolicyCase(image.pullPolicy.explicit ?? '') : null;
  if (canonical && image.policyValueRange) {
    proposals.push({
      title: `Change imagePullPolicy to ${canonical}`,
      safe: true,
      preferred: true,
      finding: invalidPolicy,
      edits: [{ range: image.policyValueRange, newText: canonical }],
    });
  } else if (image.pullPolicy.rule === 'invalid-explicit') {
    for (const value of ['IfNotPresent', 'Always', 'Never'] as const) {
      const edit = setPolicyEdit(image, value);
      if (edit) {
        proposals.push({ title: `Change imagePullPolicy to ${value}`, safe: false, preferred: false, finding: invalidPolicy, edits: [edit] });
      }
    }
  }

  const cached = findings.find((finding) => finding.code === 'latest-tag-cached') ?? null;
  if (cached) {
    const edit = setPolicyEdit(image, 'Always');
    if (edit) {
      proposals.push({ title: 'Set imagePullPolicy to Always (every start checks the registry)', safe: false, preferred: false, finding: cached, edits: [edit] });
    }
  }

  const effective = image.pullPolicy.effective;
  if (image.pullPolicy.defaulted && effective && image.pullPolicy.rule !== 'admission-always-pull') {
    const edit = setPolicyEdit(image, effective);
    if (edit) {
      proposals.push({ title: `Set imagePullPolicy: ${effective} explicitly (the current default)`, safe: false, preferred: false, finding: null, edits: [edit] });
    }
  }
  const recommended = recommendedPolicy(analysis, image, settings);
  if (recommended && recommended !== effective && effective !== null && !(cached && recommended === 'Always')) {
    const edit = setPolicyEdit(image, recommended);
    if (edit) {
      proposals.push({
        title: `Set imagePullPolicy: ${recommended} (recommended for ${analysis.profile})`,
        safe: false,
        preferred: false,
        finding: null,
        edits: [edit],
      });
    }
  }
  return proposals;
}

/** Every safe fix in the file, for `source.fixAll`: only corrections that cannot change intent. */
export function safeFixes(analysis: FileAnalysis, settings: AnalysisSettings): TextEditData[] {
  return analysis.images.flatMap((_, index) =>
    fixesForImage(analysis, index, settings)
      .filter((proposal) => proposal.safe)
      .flatMap((proposal) => proposal.edits),
  );
}
