/** Sprig's semver and semverCompare (Masterminds/semver v3). */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn } from '../functions';
import { SemverError, compareVersions, parseConstraints, parseVersion, satisfies, versionString } from '../semver';
import type { Version } from '../semver';
import { GoObject } from '../values';

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SemverError) {
      throw new FunctionError(error.message);
    }
    throw error;
  }
}

function versionObject(v: Version): GoObject {
  const other = (x: unknown) => (x instanceof GoObject && typeof x.fields.Original === 'string' ? parseVersion(x.fields.Original) : parseVersion(String(x)));
  return new GoObject(
    '*semver.Version',
    { Original: v.original },
    {
      Major: () => v.major,
      Minor: () => v.minor,
      Patch: () => v.patch,
      Prerelease: () => v.prerelease,
      Metadata: () => v.metadata,
      Original: () => v.original,
      String: () => versionString(v),
      Compare: (x) => BigInt(compareVersions(v, other(x))),
      LessThan: (x) => compareVersions(v, other(x)) < 0,
      GreaterThan: (x) => compareVersions(v, other(x)) > 0,
      Equal: (x) => compareVersions(v, other(x)) === 0,
    },
    () => versionString(v),
  );
}

export const sprigSemver: Record<string, TemplateFunction> = {
  semverCompare: fn(['string', 'string'], ([constraint, version]) =>
    guard(() => {
      const constraints = parseConstraints(constraint as string);
      return satisfies(constraints, parseVersion(version as string));
    }),
  ),
  semver: fn(['string'], ([version]) => guard(() => versionObject(parseVersion(version as string)))),
};
