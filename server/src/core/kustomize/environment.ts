import type { ResolvedProfile } from '../profile';
import { resolveProfile } from '../profile';
import type { Profile } from '../model';
import type { AnalysisSettings } from '../settings';

/**
 * The environment profile of an overlay, from its kustomization file's
 * workspace-relative path (`overlays/prod/kustomization.yaml` → prod): the user's
 * profile patterns first, then the built-in ones, then the default profile
 * (`override`, the CLI's --profile, before all).
 */
export function overlayEnvironment(kustomizationFile: string, settings: AnalysisSettings, override?: Profile): ResolvedProfile {
  return resolveProfile(kustomizationFile, null, settings, override);
}
