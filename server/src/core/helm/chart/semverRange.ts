import { parseConstraints, parseVersion, satisfies } from '../template/semver';

/**
 * Helm's `IsCompatibleRange` (dependency versions, `kubeVersion`): Masterminds/semver v3
 * constraints, the same rules `semverCompare` follows in templates. An unparsable
 * constraint or version is not compatible.
 */
export function isCompatibleRange(constraint: string, versionText: string): boolean {
  if (constraint.trim() === '') {
    return false;
  }
  try {
    return satisfies(parseConstraints(constraint), parseVersion(versionText));
  } catch {
    return false;
  }
}
