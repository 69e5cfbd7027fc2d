/**
 * RegistryClient: the public entry point. Adds to the lower layers a result cache
 * (TTL, `clearCache()`), merging of duplicate in-flight lookups (the shared request is
 * cancelled only when every caller has cancelled), statistics, and redaction of every
 * error leaving the client.
 */

import { Authenticator } from './auth';
import type { CredentialStore } from './credentialStore';
import { DockerCredentialStore } from './credentialStore';
import { isDigest } from './digest';
import { DOCKER_HUB_DOMAIN, isDockerHubDomain, registryEndpoint } from './endpoint';
import { RegistryError, SecretSet, redactError } from './errors';
import { lookupManifest } from './manifestRequest';
import type { PlatformManifest } from './manifest';
import { cancelledError, withDefaults } from './messages';
import type { Hints, RequestContext } from './messages';
import type { ProxySettings } from './proxy';
import { RepositorySession } from './repositorySession';
import { Requester } from './requester';
import { TokenCache } from './tokenCache';
import { Transport } from './transport';

export interface ImageLocator {
  /** Registry domain of the parsed reference (`docker.io`, `localhost:5000`). */
  domain: string;
  /** Repository path (`library/nginx`). */
  path: string;
  /** Tag or digest. */
  reference: string;
}

export type LookupMethod = 'auto' | 'head' | 'get';

export interface RegistryClientOptions {
  /** Per-request timeout (each attempt), default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt for idempotent requests, default 2. */
  retries?: number;
  /** Longest `Retry-After` waited for inside one lookup, default 5 000 ms; longer → rate-limited error with `retryAfterMs`. */
  maxRetryWaitMs?: number;
  /** Base of the exponential backoff, default 200 ms. */
  backoffMs?: number;
  /** Result cache lifetime, default 300 000 ms (5 min); 0 disables the cache. */
  cacheTtlMs?: number;
  /** Concurrent requests per host, default 4. */
  maxConcurrencyPerHost?: number;
  /** Hosts (`host` or `host:port`) that may use plain HTTP and skip certificate checks. */
  insecureHosts?: string[];
  /** PEM CA bundle trusted in addition to the system/Node roots. */
  caFile?: string;
  proxy?: ProxySettings;
  /** Where credentials come from; default: Docker/Podman config files of `env`/`homeDir`. */
  credentials?: CredentialStore;
  /** Allow running `docker-credential-*` helpers (default store only). Default false. */
  allowCredentialHelpers?: boolean;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /**
   * How a tag becomes a digest. `get` (one GET, digest computed from the exact bytes and
   * checked against the stated one), `head` (one HEAD, digest from the header),
   * `auto` (default): `head` for Docker Hub, whose pull limits count GETs but not HEADs,
   * `get` everywhere else. `resolve(…, { verify: true })` always uses `get`.
   */
  lookupMethod?: LookupMethod;
  /** Setting names used in messages. */
  hints?: Hints;
  userAgent?: string;
}

export interface ResolveOptions {
  signal?: AbortSignal;
  /** For an index/list, read its body (GET) and list the platforms. */
  withPlatforms?: boolean;
  /** Compute the digest from the body and check it (a GET), whatever `lookupMethod` says. Use it before writing a digest into a file. */
  verify?: boolean;
}

export interface ResolvedManifest {
  /** The digest of what the reference names: for an index/list, the INDEX digest. */
  digest: string;
  mediaType: string;
  isIndex: boolean;
  /** Platforms of an index (when asked with `withPlatforms`), else null. */
  platforms: PlatformManifest[] | null;
  /** Epoch ms of the registry answer. */
  resolvedAt: number;
  /** Credentials were used. */
  authenticated: boolean;
  /** The digest was computed from the manifest bytes (not only taken from a header). */
  verified: boolean;
}

export interface RegistryStats {
  /** HEAD/GET requests to `/v2/<repo>/manifests/…` (each attempt counts). */
  manifestRequests: number;
  /** Requests to token services. */
  tokenRequests: number;
  /** `/tags/list` requests (to tell unknown tag from unknown repository). */
  tagListRequests: number;
  /** `resolve()` calls answered from the cache. */
  cacheHits: number;
  /** `resolve()` calls that joined an in-flight lookup. */
  mergedLookups: number;
}

interface CacheEntry {
  value: ResolvedManifest;
  expiresAt: number;
}

interface Inflight {
  promise: Promise<ResolvedManifest>;
  controller: AbortController;
  waiters: number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  maxRetryWaitMs: 5_000,
  backoffMs: 200,
  cacheTtlMs: 300_000,
  maxConcurrencyPerHost: 4,
};

export class RegistryClient {
  readonly stats: RegistryStats = { manifestRequests: 0, tokenRequests: 0, tagListRequests: 0, cacheHits: 0, mergedLookups: 0 };

  private readonly opts: RegistryClientOptions;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Inflight>();
  private readonly transport: Transport;
  private readonly requester: Requester;
  private readonly authn: Authenticator;
  private readonly secrets = new SecretSet();
  private readonly schemes = new Map<string, 'https' | 'http'>();
  private readonly signedIn = new Set<string>();
  private readonly hints: Required<Hints>;
  private readonly userAgent: string;

  constructor(opts: RegistryClientOptions = {}) {
    this.opts = opts;
    const env = opts.env ?? process.env;
    const maxConcurrencyPerHost = opts.maxConcurrencyPerHost ?? DEFAULTS.maxConcurrencyPerHost;
    this.transport = new Transport({
      ...(opts.caFile ? { caFile: opts.caFile } : {}),
      ...(opts.proxy ? { proxy: opts.proxy } : {}),
      env,
      connectionsPerOrigin: maxConcurrencyPerHost,
    });
    this.requester = new Requester(this.transport, {
      retries: opts.retries ?? DEFAULTS.retries,
      timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
      maxRetryWaitMs: opts.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
      maxConcurrencyPerHost,
      baseBackoffMs: opts.backoffMs ?? DEFAULTS.backoffMs,
    });
    this.userAgent = opts.userAgent ?? 'kube-image-lens';
    const credentials =
      opts.credentials ??
      new DockerCredentialStore({
        env,
        ...(opts.homeDir ? { homeDir: opts.homeDir } : {}),
        allowCredentialHelpers: opts.allowCredentialHelpers ?? false,
      });
    this.authn = new Authenticator({
      requester: this.requester,
      credentials,
      tokens: new TokenCache(),
      secrets: this.secrets,
      insecureHosts: opts.insecureHosts ?? [],
      onTokenRequest: () => this.stats.tokenRequests++,
      userAgent: this.userAgent,
    });
    this.hints = withDefaults(opts.hints);
  }

  /** Resolve a tag (or check a digest) to the digest of the manifest it names. */
  async resolve(loc: ImageLocator, opts: ResolveOptions = {}): Promise<ResolvedManifest> {
    const host = registryEndpoint(loc.domain, this.opts.insecureHosts).host;
    if (opts.signal?.aborted) {
      throw cancelledError(host);
    }
    const withPlatforms = opts.withPlatforms === true;
    const verify = opts.verify === true;
    const cached = this.fresh(loc);
    if (cached && (!withPlatforms || !cached.isIndex || cached.platforms !== null) && (!verify || cached.verified)) {
      this.stats.cacheHits++;
      return cached;
    }
    const key = `${cacheKey(loc)}|${withPlatforms ? 'p' : ''}${verify ? 'v' : ''}`;
    let entry = this.inflight.get(key);
    if (entry?.controller.signal.aborted) {
      entry = undefined; // every earlier caller cancelled: start afresh
    }
    if (entry) {
      this.stats.mergedLookups++;
    } else {
      const controller = new AbortController();
      const created: Inflight = {
        controller,
        waiters: 0,
        promise: this.lookup(loc, withPlatforms, verify, controller.signal).finally(() => {
          if (this.inflight.get(key) === created) {
            this.inflight.delete(key);
          }
        }),
      };
      created.promise.catch(() => undefined); // observed through the waiters
      this.inflight.set(key, created);
      entry = created;
    }
    return this.await(entry, host, opts.signal, () => {
      if (this.inflight.get(key) === entry) {
        this.inflight.delete(key);
      }
    });
  }

  /** A cached, still-fresh result; never touches the network (for hovers). */
  peekCache(loc: ImageLocator): ResolvedManifest | undefined {
    return this.fresh(loc);
  }

  /** Forget results, tokens, learned challenges and credential-helper answers. */
  clearCache(): void {
    this.cache.clear();
    this.authn.clear();
  }

  /** Registry domains where credentials were used successfully (for a status bar). */
  signedInHosts(): string[] {
    return [...this.signedIn].sort();
  }

  /** Close pooled connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  private fresh(loc: ImageLocator): ResolvedManifest | undefined {
    const e = this.cache.get(cacheKey(loc));
    if (!e) {
      return undefined;
    }
    if (e.expiresAt <= Date.now()) {
      this.cache.delete(cacheKey(loc));
      return undefined;
    }
    return e.value;
  }

  private await(entry: Inflight, host: string, signal: AbortSignal | undefined, forget: () => void): Promise<ResolvedManifest> {
    entry.waiters++;
    if (!signal) {
      return entry.promise;
    }
    return new Promise<ResolvedManifest>((resolve, reject) => {
      let done = false;
      const onAbort = (): void => {
        if (done) {
          return;
        }
        done = true;
        entry.waiters--;
        if (entry.waiters <= 0) {
          forget();
          entry.controller.abort();
        }
        reject(cancelledError(host));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (v) => {
          if (!done) {
            done = true;
            signal.removeEventListener('abort', onAbort);
            resolve(v);
          }
        },
        (e: unknown) => {
          if (!done) {
            done = true;
            signal.removeEventListener('abort', onAbort);
            reject(e);
          }
        },
      );
    });
  }

  private async lookup(loc: ImageLocator, withPlatforms: boolean, verify: boolean, signal: AbortSignal): Promise<ResolvedManifest> {
    const ep = registryEndpoint(loc.domain, this.opts.insecureHosts);
    const ctx: RequestContext = {
      host: ep.host,
      image: `${ep.isDockerHub ? DOCKER_HUB_DOMAIN : ep.domain}/${loc.path}${isDigest(loc.reference) ? '@' : ':'}${loc.reference}`,
      isDockerHub: ep.isDockerHub,
      timeoutMs: this.opts.timeoutMs ?? DEFAULTS.timeoutMs,
      hints: this.hints,
    };
    const session = new RepositorySession(
      { requester: this.requester, authn: this.authn, schemes: this.schemes, userAgent: this.userAgent },
      ep,
      loc.path,
      ctx,
    );
    const configured = this.opts.lookupMethod ?? 'auto';
    const method = verify ? 'get' : configured === 'auto' ? (ep.isDockerHub ? 'head' : 'get') : configured;
    try {
      const found = await lookupManifest(
        session,
        loc.reference,
        { method, withPlatforms },
        { onManifestRequest: () => this.stats.manifestRequests++, onTagListRequest: () => this.stats.tagListRequests++ },
        signal,
      );
      if (session.usedCredentials) {
        this.signedIn.add(ep.isDockerHub ? DOCKER_HUB_DOMAIN : ep.domain);
      }
      const value: ResolvedManifest = {
        digest: found.digest,
        mediaType: found.mediaType,
        isIndex: found.isIndex,
        platforms: found.platforms,
        resolvedAt: Date.now(),
        authenticated: session.usedCredentials,
        verified: found.verified,
      };
      const ttl = this.opts.cacheTtlMs ?? DEFAULTS.cacheTtlMs;
      if (ttl > 0) {
        this.cache.set(cacheKey(loc), { value, expiresAt: Date.now() + ttl });
      }
      return value;
    } catch (e) {
      throw this.safeError(e, ep.host);
    }
  }

  private safeError(e: unknown, host: string): RegistryError {
    if (e instanceof RegistryError) {
      return redactError(e, this.secrets.values());
    }
    const detail = e instanceof Error ? e.message : String(e);
    return redactError(
      new RegistryError({ kind: 'invalid-response', host, code: 'INTERNAL', message: `The lookup on ${host} failed unexpectedly: ${detail}` }),
      this.secrets.values(),
    );
  }
}

function cacheKey(loc: ImageLocator): string {
  const domain = isDockerHubDomain(loc.domain) ? DOCKER_HUB_DOMAIN : loc.domain.toLowerCase();
  return `${domain}/${loc.path}@${loc.reference}`;
}

