/**
 * `chartutil.IsCompatibleRange(constraint, version)`: whether a vendored subchart's
 * version satisfies the `version` range its parent's `Chart.yaml` asks for. Follows
 * Masterminds/semver v3 constraints: `||` alternatives, `,`/space conjunctions,
 * `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `^`, `x`/`*` wildcards and `a - b` ranges; a
 * prerelease version only matches a constraint that itself names a prerelease.
 * An unparsable range or version counts as incompatible, as in Helm.
 */

interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text: string): Version | null {
  const match = VERSION.exec(text.trim());
  if (!match) {
    return null;
  }
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0), prerelease: match[4] ?? '' };
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  if (a === '') {
    return 1;
  }
  if (b === '') {
    return -1;
  }
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) {
      return -1;
    }
    if (y === undefined) {
      return 1;
    }
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) {
      return Number(x) - Number(y);
    }
    if (xn !== yn) {
      return xn ? -1 : 1;
    }
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

type Check = (version: Version) => boolean;

/** One `op version` term, with wildcards (`1.2.x`, `*`) widened to ranges. */
function termCheck(op: string, text: string): Check | null {
  if (text === '' || text === '*' || text === 'x' || text === 'X') {
    return op === '!=' ? () => false : () => true;
  }
  const parts = text.replace(/^v/, '').split(/[-+]/)[0]?.split('.') ?? [];
  const wildcardAt = parts.findIndex((part) => part === 'x' || part === 'X' || part === '*');
  const given = wildcardAt === -1 ? Math.min(parts.length, 3) : wildcardAt;
  const base = parseVersion(wildcardAt === -1 ? text : parts.slice(0, given).join('.') || '0');
  if (!base) {
    return null;
  }
  const next = (level: number): Version =>
    level === 0 ? { major: base.major + 1, minor: 0, patch: 0, prerelease: '' } : level === 1 ? { major: base.major, minor: base.minor + 1, patch: 0, prerelease: '' } : { ...base, patch: base.patch + 1, prerelease: '' };
  const upperFor = (precision: number): Version | null => (precision >= 3 ? null : next(Math.max(precision - 1, 0)));
  const between = (low: Version, high: Version | null): Check => (v) => compare(v, low) >= 0 && (high === null || compare(v, high) < 0);
  switch (op) {
    case '':
    case '=':
      return given >= 3 ? (v) => compare(v, base) === 0 : between(base, upperFor(given));
    case '!=':
      return given >= 3 ? (v) => compare(v, base) !== 0 : (v) => !between(base, upperFor(given))(v);
    case '>':
      return given >= 3 ? (v) => compare(v, base) > 0 : (v) => compare(v, upperFor(given) as Version) >= 0;
    case '>=':
    case '=>':
      return (v) => compare(v, base) >= 0;
    case '<':
      return (v) => compare(v, base) < 0;
    case '<=':
    case '=<':
      return given >= 3 ? (v) => compare(v, base) <= 0 : (v) => compare(v, upperFor(given) as Version) < 0;
    case '~':
    case '~>':
      return between(base, given <= 1 ? next(0) : next(1));
    case '^':
      return between(base, base.major > 0 || given === 1 ? next(0) : base.minor > 0 || given === 2 ? next(1) : next(2));
    default:
      return null;
  }
}

function parseConjunction(text: string): { check: Check; prerelease: boolean } | null {
  const normalized = text.trim().replace(/\s*-\s+/g, ' - ');
  const hyphen = /^(\S+) - (\S+)$/.exec(normalized);
  if (hyphen) {
    const low = termCheck('>=', hyphen[1] as string);
    const high = termCheck('<=', hyphen[2] as string);
    return low && high ? { check: (v) => low(v) && high(v), prerelease: /-/.test(hyphen[1] as string) } : null;
  }
  const terms = normalized.split(/[\s,]+/).filter(Boolean);
  const checks: Check[] = [];
  let prerelease = false;
  for (let i = 0; i < terms.length; i++) {
    let term = terms[i] as string;
    // `>= 1.2` written with a space: the operator stands alone.
    if (/^(=|!=|>|<|>=|<=|=>|=<|~|~>|\^)$/.test(term) && i + 1 < terms.length) {
      term += terms[++i];
    }
    const match = /^(!=|>=|<=|=>|=<|~>|[=><~^])?\s*(.*)$/.exec(term);
    const check = match ? termCheck(match[1] ?? '', match[2] as string) : null;
    if (!check) {
      return null;
    }
    prerelease ||= /\d-[0-9A-Za-z]/.test(term);
    checks.push(check);
  }
  return { check: (v) => checks.every((c) => c(v)), prerelease };
}

export function isCompatibleRange(constraint: string, versionText: string): boolean {
  const version = parseVersion(versionText);
  if (!version || constraint.trim() === '') {
    return false;
  }
  const alternatives = constraint.split('||').map(parseConjunction);
  if (alternatives.some((alternative) => alternative === null)) {
    return false;
  }
  return alternatives.some((alternative) => {
    const { check, prerelease } = alternative as { check: Check; prerelease: boolean };
    return (version.prerelease === '' || prerelease) && check(version);
  });
}
