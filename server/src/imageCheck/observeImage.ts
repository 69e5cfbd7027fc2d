import type { ImageOccurrence } from '../core/model';
import type { ManifestFacts, RegistryObservation } from '../core/registryFindings';
import type { ImageLocator, RegistryClient, ResolvedManifest } from '../registry';
import { isRegistryError } from '../registry';

/** What to look up for an image: its tag (no tag means `latest`, as the kubelet pulls it) and its pinned digest. */
export function lookupsFor(image: ImageOccurrence): { tag: ImageLocator | null; pinned: ImageLocator | null } | null {
  const { valid, domain, path, tag, digest } = image.reference;
  if (image.templated || !valid || domain === null || path === null) {
    return null;
  }
  return {
    tag: tag !== null || digest === null ? { domain, path, reference: tag ?? 'latest' } : null,
    pinned: digest !== null ? { domain, path, reference: digest } : null,
  };
}

function facts(manifest: ResolvedManifest): ManifestFacts {
  return { digest: manifest.digest, isIndex: manifest.isIndex, platforms: manifest.platforms };
}

/**
 * Looks an image up in its registry and turns the answers (or the failure) into
 * a `RegistryObservation` for the core to judge. Null for images that cannot be
 * looked up (templated or invalid). A cancelled lookup rejects.
 */
export async function observeImage(
  client: RegistryClient,
  image: ImageOccurrence,
  options: { signal?: AbortSignal; useCacheOnly?: boolean } = {},
): Promise<RegistryObservation | null> {
  const lookups = lookupsFor(image);
  if (!lookups) {
    return null;
  }
  const resolve = async (locator: ImageLocator | null): Promise<ResolvedManifest | null> => {
    if (!locator) {
      return null;
    }
    if (options.useCacheOnly) {
      const cached = client.peekCache(locator);
      if (!cached) {
        throw new NotCached();
      }
      return cached;
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
    if (error instanceof NotCached) {
      return null;
    }
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

/** Internal signal: a cache-only observation found nothing cached. */
class NotCached extends Error {}
