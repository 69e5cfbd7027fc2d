import type { HoverExtras } from '../../core/hover';
import type { ImageOccurrence } from '../../core/model';
import type { PlatformInfo } from '../../core/registryFindings';
import { formatPlatform } from '../../registry';
import type { HoverExtrasProvider } from '../features/hover';
import type { RegistryService } from './registryService';
import type { RegistrySettings } from './registrySettings';
import { registrySettingsOf } from './registrySettings';

/** A hover must stay snappy: an opted-in lookup gets this long, then the hover shows what it has. */
const HOVER_LOOKUP_TIMEOUT_MS = 2_500;

/** "just now", "40 s ago", "2 min ago", "3 h ago", "2 days ago". */
function timeAgo(then: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - then) / 1000));
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

function section(heading: string, lines: string[]): string {
  return [`**Registry** (${heading})`, ...lines].join('\n');
}

function platformsLine(platforms: PlatformInfo[] | null): string[] {
  return platforms && platforms.length > 0 ? [`- Platforms: ${platforms.map((platform) => `\`${formatPlatform(platform)}\``).join(', ')}`] : [];
}

/** The registry section from what is remembered (the last check, else the client's cache); null when nothing is. */
function rememberedSection(registry: RegistryService, image: ImageOccurrence, settings: RegistrySettings): string | null {
  const tagName = `\`${image.reference.tag ?? 'latest'}\``;
  const observation = registry.observation(image);
  if (observation?.outcome === 'resolved') {
    const lines = observation.tag
      ? [`- Tag ${tagName} → \`${observation.tag.digest}\``, ...platformsLine(observation.tag.platforms)]
      : observation.pinned
        ? ['- The pinned digest exists in the registry.', ...platformsLine(observation.pinned.platforms)]
        : [];
    return section(`looked up ${timeAgo(observation.checkedAt)}`, lines);
  }
  if (observation) {
    return section(`checked ${timeAgo(observation.checkedAt)}`, [observation.message]);
  }
  const cached = registry.peekTag(image, settings);
  return cached ? section(`looked up ${timeAgo(cached.resolvedAt)}`, [`- Tag ${tagName} → \`${cached.digest}\``, ...platformsLine(cached.platforms)]) : null;
}

/**
 * Adds what the registry said about the image to its hover. Never asks the
 * registry, unless the user enabled `registry.hoverLookup` in a trusted
 * workspace: then an image nothing is known about is looked up briefly first.
 */
export function registryHover(registry: RegistryService): HoverExtrasProvider {
  return async (image, documentSettings): Promise<HoverExtras> => {
    const settings = registrySettingsOf(documentSettings);
    let known = rememberedSection(registry, image, settings);
    if (!known && registry.trusted && settings.hoverLookup) {
      // A failed or slow lookup only means the hover shows no registry section.
      await registry.observe(image, settings, AbortSignal.timeout(HOVER_LOOKUP_TIMEOUT_MS)).catch(() => null);
      known = rememberedSection(registry, image, settings);
    }
    return known ? { sections: [known] } : {};
  };
}
