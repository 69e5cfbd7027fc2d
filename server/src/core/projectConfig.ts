import { parse } from 'yaml';
import type { Profile, RuleCode, SeverityOrOff } from './model';
import { PROFILES } from './model';
import { isRuleCode } from './rules';
import type { AnalysisSettings } from './settings';

/** The file read from the workspace root, so the editor and CI agree. */
export const PROJECT_CONFIG_FILE = '.kube-image-lens.yaml';

const SEVERITIES: readonly SeverityOrOff[] = ['error', 'warning', 'info', 'hint', 'off'];

export interface ParsedSettings {
  settings: Partial<AnalysisSettings>;
  /** Problems found, as sentences naming the offending key; valid parts are still used. */
  errors: string[];
}

/**
 * Reads the analysis settings from a plain object (the project file, editor
 * settings or LSP initialization options). Unknown keys are ignored; wrong
 * values are reported and skipped, never fatal.
 */
export function normalizeSettings(raw: unknown, errors: string[] = []): ParsedSettings {
  const settings: Partial<AnalysisSettings> = {};
  if (raw === null || raw === undefined) {
    return { settings, errors };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push('settings must be a mapping');
    return { settings, errors };
  }
  const source = raw as Record<string, unknown>;
  if (source.profiles !== undefined) {
    settings.profiles = readProfiles(source.profiles, errors);
  }
  if (source.defaultProfile !== undefined) {
    if (isProfile(source.defaultProfile)) {
      settings.defaultProfile = source.defaultProfile;
    } else {
      errors.push(`defaultProfile must be one of ${PROFILES.join(', ')}`);
    }
  }
  const severities = source.severity ?? source.severities;
  if (severities !== undefined) {
    settings.severities = readSeverities(severities, errors);
  }
  if (source.mutableTagPatterns !== undefined) {
    settings.mutableTagPatterns = readPatterns(source.mutableTagPatterns, errors);
  }
  if (source.alwaysPullImagesAdmission !== undefined) {
    if (typeof source.alwaysPullImagesAdmission === 'boolean') {
      settings.alwaysPullImagesAdmission = source.alwaysPullImagesAdmission;
    } else {
      errors.push('alwaysPullImagesAdmission must be true or false');
    }
  }
  return { settings, errors };
}

/** The project file: analysis settings plus what only the file can say (which paths to leave out). */
export interface ProjectFileSettings extends ParsedSettings {
  /** Globs, relative to the file's directory, of files and folders never read. */
  exclude: string[];
}

export function parseProjectConfig(text: string): ProjectFileSettings {
  let raw: unknown;
  try {
    // 'error': the parser's warnings (an unknown tag) would otherwise go to stderr; what matters is checked below.
    raw = parse(text, { prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    return { settings: {}, errors: [`${PROJECT_CONFIG_FILE} is not valid YAML: ${(error as Error).message.split('\n')[0]}`], exclude: [] };
  }
  return projectFileSettings(raw);
}

/** The settings of a parsed project file: every key it may hold. */
export function projectFileSettings(raw: unknown): ProjectFileSettings {
  const parsed = normalizeSettings(raw);
  const exclude = (raw as { exclude?: unknown } | null)?.exclude;
  return { ...parsed, exclude: exclude === undefined ? [] : readGlobs(exclude, parsed.errors) };
}

function readGlobs(value: unknown, errors: string[]): string[] {
  if (!Array.isArray(value) || !value.every((glob) => typeof glob === 'string' && glob !== '')) {
    errors.push('exclude must be a list of glob patterns');
    return [];
  }
  return value as string[];
}

/**
 * Layers settings: later layers win for scalars; profile patterns and mutable-tag
 * patterns of later layers come first and add to earlier ones; severities merge per code.
 */
export function mergeSettings(base: AnalysisSettings, ...layers: Partial<AnalysisSettings>[]): AnalysisSettings {
  return layers.reduce<AnalysisSettings>(
    (merged, layer) => ({
      profiles: layer.profiles ? [...layer.profiles, ...merged.profiles] : merged.profiles,
      defaultProfile: layer.defaultProfile ?? merged.defaultProfile,
      severities: layer.severities ? { ...merged.severities, ...layer.severities } : merged.severities,
      mutableTagPatterns: layer.mutableTagPatterns ? [...merged.mutableTagPatterns, ...layer.mutableTagPatterns] : merged.mutableTagPatterns,
      alwaysPullImagesAdmission: layer.alwaysPullImagesAdmission ?? merged.alwaysPullImagesAdmission,
    }),
    base,
  );
}

function isProfile(value: unknown): value is Profile {
  return typeof value === 'string' && (PROFILES as readonly string[]).includes(value);
}

function readProfiles(value: unknown, errors: string[]): AnalysisSettings['profiles'] {
  // Accept a list of {pattern, profile} and the shorter mapping form `glob: profile`.
  const entries = Array.isArray(value)
    ? value
    : value && typeof value === 'object'
      ? Object.entries(value).map(([pattern, profile]) => ({ pattern, profile }))
      : null;
  if (!entries) {
    errors.push('profiles must be a list of { pattern, profile } or a mapping of glob to profile');
    return [];
  }
  return entries.flatMap((entry: unknown) => {
    const { pattern, profile } = (entry ?? {}) as { pattern?: unknown; profile?: unknown };
    if (typeof pattern === 'string' && pattern !== '' && isProfile(profile)) {
      return [{ pattern, profile }];
    }
    errors.push(`profiles: ignored entry ${JSON.stringify(entry)} (needs a pattern and a profile: ${PROFILES.join(', ')})`);
    return [];
  });
}

function readSeverities(value: unknown, errors: string[]): Partial<Record<RuleCode, SeverityOrOff>> {
  const result: Partial<Record<RuleCode, SeverityOrOff>> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push('severity must be a mapping of diagnostic code to error, warning, info, hint or off');
    return result;
  }
  for (const [code, severity] of Object.entries(value)) {
    if (!isRuleCode(code)) {
      errors.push(`severity: unknown diagnostic code "${code}"`);
    } else if (typeof severity === 'string' && (SEVERITIES as readonly string[]).includes(severity)) {
      result[code] = severity as SeverityOrOff;
    } else {
      errors.push(`severity.${code} must be one of ${SEVERITIES.join(', ')}`);
    }
  }
  return result;
}

function readPatterns(value: unknown, errors: string[]): string[] {
  if (!Array.isArray(value)) {
    errors.push('mutableTagPatterns must be a list of regular expressions');
    return [];
  }
  return value.flatMap((pattern: unknown) => {
    if (typeof pattern !== 'string') {
      errors.push(`mutableTagPatterns: ${JSON.stringify(pattern)} is not a string`);
      return [];
    }
    try {
      new RegExp(pattern);
      return [pattern];
    } catch {
      errors.push(`mutableTagPatterns: "${pattern}" is not a valid regular expression`);
      return [];
    }
  });
}
