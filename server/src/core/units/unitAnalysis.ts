import type { FileAnalysis, Finding, ImageOccurrence, Profile, Range, Severity, Suppression } from '../model';
import { isSuppressed } from '../directives';
import { evaluateImage } from '../evaluateRules';
import type { AnalysisSettings } from '../settings';

/**
 * A unit is what several files deploy together: a Helm chart (templates + values
 * files) or a kustomization (resources + overlays). Its images are known only
 * after rendering or building, per environment, and each is fixed in some file of
 * the unit. Everything here is plain data; files are named by the adapter.
 */
export interface UnitEnvironment {
  /** `default`, `prod`, `overlays/prod`, … */
  name: string;
  profile: Profile;
  /** Why this profile: the rule that chose it, for hovers and `images`. */
  profileReason: string;
}

/** Something about the unit itself, shown on the line that names it. */
export interface UnitProblem {
  file: string;
  range: Range;
  severity: Severity;
  message: string;
}

export interface UnitAnalysis {
  kind: 'helm' | 'kustomize';
  /** The chart or kustomization folder. */
  root: string;
  environments: UnitEnvironment[];
  /** Every deployed container of every environment; `file` and `environment` always set. */
  images: ImageOccurrence[];
  problems: UnitProblem[];
  /** Every file the unit read or looked for: a change to one re-analyses the unit. */
  filesRead: string[];
  /** Files whose own (per-file) analysis the unit replaces: chart templates, resources of a kustomization. */
  covers: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * The unit's findings, split into one analysis per file where they are shown.
 * A finding that several containers or environments share (one values key
 * feeding them all) is reported once, naming them; its severity is the worst
 * of theirs. `suppressionsOf` gives a file's suppression comments.
 */
export function unitFileAnalyses(
  unit: UnitAnalysis,
  settings: AnalysisSettings,
  suppressionsOf: (file: string) => readonly Suppression[],
): Map<string, FileAnalysis> {
  const profiles = new Map(unit.environments.map((environment) => [environment.name, environment.profile]));
  const byFile = new Map<string, { images: ImageOccurrence[]; merged: Map<string, MergedFinding> }>();
  for (const image of unit.images) {
    const file = image.file ?? unit.root;
    let entry = byFile.get(file);
    if (!entry) {
      entry = { images: [], merged: new Map() };
      byFile.set(file, entry);
    }
    const imageIndex = entry.images.length;
    entry.images.push(image);
    const profile = profiles.get(image.environment ?? '') ?? settings.defaultProfile;
    for (const finding of evaluateImage(image, imageIndex, profile, settings)) {
      if (isSuppressed(suppressionsOf(file), finding.code, finding.range.start.line)) {
        continue;
      }
      const key = `${finding.code}\u0000${finding.range.start.line}:${finding.range.start.character}:${finding.range.end.line}:${finding.range.end.character}`;
      const seen = entry.merged.get(key);
      if (seen) {
        seen.add(finding, image, imageIndex);
      } else {
        entry.merged.set(key, new MergedFinding(finding, image));
      }
    }
  }
  const analyses = new Map<string, FileAnalysis>();
  for (const [file, { images, merged }] of byFile) {
    const environment = unit.environments.find((candidate) => candidate.name === images[0]?.environment);
    analyses.set(file, {
      profile: environment?.profile ?? settings.defaultProfile,
      profileSource: 'pattern',
      profileReason: environment?.profileReason ?? 'the default profile',
      images,
      findings: [...merged.values()].map((finding) => finding.result()),
      suppressions: [...suppressionsOf(file)],
      unreadable: [],
    });
  }
  return analyses;
}

/** One finding for a place, gathering every environment and container it applies to. */
class MergedFinding {
  private readonly environments = new Set<string>();
  private readonly containers = new Set<string>();
  private readonly others: number[] = [];

  constructor(
    private finding: Finding,
    image: ImageOccurrence,
  ) {
    this.note(image);
  }

  add(finding: Finding, image: ImageOccurrence, imageIndex: number): void {
    if (SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[this.finding.severity]) {
      this.finding = { ...finding, imageIndex: this.finding.imageIndex };
    }
    this.others.push(imageIndex);
    this.note(image);
  }

  result(): Finding {
    const where = [...this.environments].join(', ');
    const containers = [...this.containers];
    const listed = containers.length > 3 ? `${containers.slice(0, 3).join(', ')} and ${containers.length - 3} more` : containers.join(', ');
    return { ...this.finding, message: `${this.finding.message} [${where ? `${where}: ` : ''}${listed}]`, ...(this.others.length > 0 ? { sharedWith: [...this.others] } : {}) };
  }

  private note(image: ImageOccurrence): void {
    if (image.environment !== null) {
      this.environments.add(image.environment);
    }
    const { kind, name } = image.resource;
    this.containers.add(`${kind ?? '?'}/${name ?? '?'}${image.container ? `/${image.container}` : ''}`);
  }
}
