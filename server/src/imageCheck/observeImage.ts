import type { ImageOccurrence } from '../core/model';
import type { ManifestFacts, RegistryObservation } from '../core/registryFindings';
import { lookupsOf } from '../core/pin/lookups';
import type { ImageLocator, RegistryClient, ResolvedManifest } from '../registry';
import { isRegistryError } from '../registry';

function facts(manifest: ResolvedManifest): ManifestFacts {
  return { digest: manifest.digest, isIndex: manifest.isIndex, platforms: manifest.platforms };
}

/**
 * Looks an image up in its registry and turns the answers (or the failure) into
 * a `RegistryObservation` for the core to judge. Null for images that cannot be
 * looked up (placeholders, invalid references). A cancelled lookup rejects.
 */
export async function observeImage(client: RegistryClient, image: ImageOccurrence, options: { signal?: AbortSignal } = {}): Promise<RegistryObservation | null> {
  const lookups = lookupsOf(image.reference);
  if (!lookups) {
    return null;
  }
  const resolve = async (locator: ImageLocator | null): Promise<ResolvedManifest | null> => {
    if (!locator) {
      return null;
    }
    return client.resolve(locator, { signal: options.signal, withPlatforms: true });
  };
  try {
    const [tag, pinned] = await Promise.all([resolve(lookups.tag), resolve(lookups.pinned)]);
    return {
      outcome: 'resolved',
      tag: tag && facts(tag),
      pinned: pinned && facts(pinned),
      authenticated: Boolean(tag?.authenticated || pinned?.authenticated),
      checkedAt: Math.min(tag?.resolvedAt ?? Infinity, pinned?.resolvedAt ?? Infinity),
    };
  } catch (error) {
    if (!isRegistryError(error) || error.kind === 'cancelled') {
      throw error;
    }
    const outcome =
      error.kind === 'unknown-tag' || error.kind === 'unknown-repository'
        ? 'not-found'
        : error.kind === 'auth-required' || error.kind === 'forbidden'
          ? 'auth-required'
          : 'unreachable';
    return { outcome, message: error.message, checkedAt: Date.now() };
  }
}
