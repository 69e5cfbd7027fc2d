import type { Connection } from 'vscode-languageserver';
import type { ImageOccurrence } from '../../core/model';
import type { RegistryObservation } from '../../core/registryFindings';
import { lookupsOf } from '../../core/pin/lookups';
import { observeImage } from '../../imageCheck/observeImage';
import type { ImageLocator, ResolvedManifest } from '../../registry';
import { isRegistryError } from '../../registry';
import type { EnvironmentParams } from '../protocol';
import { RegistryClients } from './registryClients';
import type { RegistrySettings } from './registrySettings';
import type { LookupOutcome } from './registryStatus';
import { RegistryStatusReporter, UNTRUSTED_MESSAGE } from './registryStatus';

/** Thrown instead of touching the network while the workspace is untrusted. */
export class RegistryDisabledError extends Error {
  constructor() {
    super(UNTRUSTED_MESSAGE);
  }
}

/**
 * The server's single way to the network: every lookup passes the trust check
 * here, goes through the client for its configuration and updates the status.
 * It also remembers the latest observation per image text, so registry findings
 * can be re-judged on every edit without asking again.
 */
export class RegistryService {
  private readonly clients = new RegistryClients();
  private readonly observations = new Map<string, RegistryObservation>();
  private readonly status: RegistryStatusReporter;

  constructor(
    connection: Connection,
    private readonly environment: () => EnvironmentParams,
  ) {
    this.status = new RegistryStatusReporter(connection, () => this.environment().trusted, () => this.clients.signedInHosts());
  }

  get trusted(): boolean {
    return this.environment().trusted;
  }

  /** Trust or proxy changed: clients are picked per configuration anyway; the status may change. */
  environmentChanged(): void {
    this.status.send();
  }

  /**
   * Explicit requests (pin, refresh, check) must see what the registry says now,
   * not an answer from minutes ago: forget cached answers first. Hovers and
   * automatic checks keep using the cache (`registry.cacheTtlSeconds`).
   */
  forgetCachedAnswers(): void {
    this.clients.clearCaches();
  }

  /** The `clearRegistryCache` command: answers, tokens and observations. */
  clearCache(): void {
    this.clients.clearCaches();
    this.observations.clear();
  }

  /** A tag's digest, computed from the manifest bytes: what may be written into a file. */
  async resolveForPin(locator: ImageLocator, settings: RegistrySettings, signal?: AbortSignal): Promise<ResolvedManifest> {
    const client = this.client(settings);
    this.status.lookupStarted();
    let outcome: LookupOutcome = 'reached';
    try {
      return await client.resolve(locator, { verify: true, ...(signal ? { signal } : {}) });
    } catch (error) {
      outcome = !isRegistryError(error) || error.kind === 'cancelled' ? 'cancelled' : error.kind === 'unreachable' || error.kind === 'timeout' ? { offline: error.message } : 'reached';
      throw error;
    } finally {
      this.status.lookupFinished(outcome);
    }
  }

  /** Looks the image up (tag and pinned digest, with platforms) and remembers the observation. */
  async observe(image: ImageOccurrence, settings: RegistrySettings, signal?: AbortSignal): Promise<RegistryObservation | null> {
    const client = this.client(settings);
    this.status.lookupStarted();
    let outcome: LookupOutcome = 'cancelled';
    try {
      const observation = await observeImage(client, image, signal ? { signal } : {});
      if (observation) {
        this.observations.set(image.image, observation);
        outcome = observation.outcome === 'unreachable' ? { offline: observation.message } : 'reached';
      }
      return observation;
    } finally {
      this.status.lookupFinished(outcome);
    }
  }

  /** The latest observation of this image text, if it was ever looked up. Never network. */
  observation(image: ImageOccurrence): RegistryObservation | undefined {
    return this.observations.get(image.image);
  }

  /** The client's cached answer for the image's tag. Never network. */
  peekTag(image: ImageOccurrence, settings: RegistrySettings): ResolvedManifest | undefined {
    const tag = lookupsOf(image.reference)?.tag;
    return tag && this.trusted ? this.clients.clientFor(settings, this.environment()).peekCache(tag) : undefined;
  }

  private client(settings: RegistrySettings) {
    if (!this.trusted) {
      throw new RegistryDisabledError();
    }
    return this.clients.clientFor(settings, this.environment());
  }
}
