import type { Range } from '../model';

export type KustomizeProblemCode =
  | 'missing-kustomization'
  | 'missing-file'
  | 'outside-root'
  | 'cycle'
  | 'remote-resource'
  | 'helm-charts'
  | 'not-evaluated'
  | 'invalid-yaml'
  | 'invalid-kustomization'
  | 'patch-failed'
  | 'patch-no-target';

/** Something the build could not do, on the line that names it. */
export interface KustomizeProblem {
  code: KustomizeProblemCode;
  message: string;
  file: string;
  range: Range;
  /**
   * True when the built output may miss resources or hold images other than
   * what kustomize would deploy (a missing base, a failed patch); false for
   * notes that cannot change any image (e.g. a ConfigMap generator).
   */
  affectsImages: boolean;
}

export const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** kustomize fetches these over the network (git or HTTP); the model never does. */
export function isRemoteReference(value: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ||
    value.startsWith('git::') ||
    value.startsWith('git@') ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(value) ||
    /\?(ref|version|timeout|submodules)=/.test(value)
  );
}
