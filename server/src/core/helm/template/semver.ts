/** Masterminds/semver v3: versions, comparison and constraints, as Sprig's semver and semverCompare use them. */

export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string;
  metadata: string;
  original: string;
}

const VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export class SemverError extends Error {}

export function parseVersion(text: string): Version {
  const m = VERSION.exec(text);
  if (m === null) {
    throw new SemverError('Invalid Semantic Version');
  }
  const prerelease = m[5] ?? '';
  for (const part of prerelease === '' ? [] : prerelease.split('.')) {
    if (/^\d+$/.test(part) && part.length > 1 && part.startsWith('0')) {
      throw new SemverError('Version segment starts with 0');
    }
  }
  const num = (s: string | undefined) => (s === undefined ? 0n : BigInt(s.replace('.', '')));
  return { major: num(m[1]), minor: num(m[2]), patch: num(m[3]), prerelease, metadata: m[8] ?? '', original: text };
}

export function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? '-' + v.prerelease : ''}${v.metadata ? '+' + v.metadata : ''}`;
}

function comparePrereleasePart(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const aNum = /^\d+$/.test(a);
  const bNum = /^\d+$/.test(b);
  if (aNum && bNum) {
    return BigInt(a) > BigInt(b) ? 1 : -1;
  }
  if (aNum) {
    return -1;
  }
  if (bNum) {
    return 1;
  }
  return a > b ? 1 : -1;
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
  const ap = a.split('.');
  const bp = b.split('.');
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    if (i >= ap.length) {
      return -1;
    }
    if (i >= bp.length) {
      return 1;
    }
    const c = comparePrereleasePart(ap[i], bp[i]);
    if (c !== 0) {
      return c;
    }
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) {
      return a[key] > b[key] ? 1 : -1;
    }
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

interface Constraint {
  op: string;
  con: Version;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const OPS = '=|!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV = '(?:v?([0-9|x|X|*]+)(\\.[0-9|x|X|*]+)?(\\.[0-9|x|X|*]+)?(-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?)';
const CV_PLAIN = CV.replace(/\((?!\?)/g, '(?:');
const CONSTRAINT = new RegExp(`^\\s*(${OPS}|)\\s*(${CV})\\s*$`);
const RANGE = new RegExp(`\\s*(${CV_PLAIN})\\s+-\\s+(${CV_PLAIN})\\s*`, 'g');
const FIND = new RegExp(`(${OPS}|)\\s*(${CV_PLAIN})`, 'g');
const VALID = new RegExp(`^(\\s*(${OPS}|)\\s*(${CV_PLAIN})\\s*)((?:\\s+|,\\s*)(${OPS}|)\\s*(${CV_PLAIN})\\s*)*$`);

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

function parseConstraint(text: string): Constraint {
  const m = CONSTRAINT.exec(text);
  if (m === null) {
    throw new SemverError(`improper constraint: ${text}`);
  }
  const [, op, , major, minorPart = '', patchPart = '', pre = ''] = m;
  let ver = m[2];
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major)) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (minorPart === '' || isX(minorPart.slice(1))) {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (patchPart === '' || isX(patchPart.slice(1))) {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minorPart}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op, con, minorDirty, patchDirty, dirty };
}

/** Parses a constraint string: `||`-separated groups of comma/space-separated comparisons, hyphen ranges. */
export function parseConstraints(text: string): Constraint[][] {
  const rewritten = text.replace(RANGE, (_all, from: string, to: string) => `>= ${from}, <= ${to}`);
  return rewritten.split('||').map((group) => {
    if (!VALID.test(group)) {
      throw new SemverError(`improper constraint: ${group}`);
    }
    const found = group.match(FIND) ?? [group];
    return found.map(parseConstraint);
  });
}

function check(v: Version, c: Constraint): boolean {
  const con = c.con;
  const preBlocked = v.prerelease !== '' && con.prerelease === '';
  switch (c.op) {
    case '':
    case '=':
      if (preBlocked) {
        return false;
      }
      return c.dirty ? tilde(v, c) : compareVersions(v, con) === 0;
    case '!=':
      return notEqual(v, c);
    case '>':
      return !preBlocked && greaterThan(v, c);
    case '<':
      return !preBlocked && compareVersions(v, con) < 0;
    case '>=':
    case '=>':
      return !preBlocked && compareVersions(v, con) >= 0;
    case '<=':
    case '=<':
      if (preBlocked) {
        return false;
      }
      if (!c.dirty) {
        return compareVersions(v, con) <= 0;
      }
      return !(v.major > con.major || (v.major === con.major && v.minor > con.minor && !c.minorDirty));
    case '~':
    case '~>':
      return !preBlocked && tilde(v, c);
    case '^':
      return !preBlocked && caret(v, c);
  }
  return false;
}

function notEqual(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (c.dirty) {
    if (v.prerelease !== '' && con.prerelease === '') {
      return false;
    }
    if (con.major !== v.major) {
      return true;
    }
    if (con.minor !== v.minor && !c.minorDirty) {
      return true;
    }
    if (c.minorDirty) {
      return false;
    }
    if (con.patch !== v.patch && !c.patchDirty) {
      return true;
    }
    if (c.patchDirty) {
      if (v.prerelease !== '' || con.prerelease !== '') {
        return comparePrerelease(v.prerelease, con.prerelease) !== 0;
      }
      return false;
    }
  }
  return compareVersions(v, con) !== 0;
}

function greaterThan(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (!c.dirty) {
    return compareVersions(v, con) === 1;
  }
  if (v.major > con.major) {
    return true;
  }
  if (v.major < con.major || c.minorDirty) {
    return false;
  }
  if (c.patchDirty) {
    return v.minor > con.minor;
  }
  return compareVersions(v, con) === 1;
}

function tilde(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (compareVersions(v, con) < 0) {
    return false;
  }
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) {
    return true;
  }
  if (v.major !== con.major) {
    return false;
  }
  return !(v.minor !== con.minor && !c.minorDirty);
}

function caret(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (compareVersions(v, con) < 0) {
    return false;
  }
  if (con.major > 0n || c.minorDirty) {
    return v.major === con.major;
  }
  if (v.major > 0n) {
    return false;
  }
  if (con.minor > 0n || c.patchDirty) {
    return v.minor === con.minor;
  }
  if (v.minor > 0n) {
    return false;
  }
  return con.patch === v.patch;
}

/** Constraints.Check: any `||` group whose comparisons all hold. */
export function satisfies(constraints: Constraint[][], v: Version): boolean {
  return constraints.some((group) => group.every((c) => check(v, c)));
}
