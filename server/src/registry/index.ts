/**
 * # Registry client (`server/src/registry`)
 *
 * Resolves image references to manifest digests against OCI / Docker v2 registries.
 * No editor or LSP types: used by the CLI and the language server alike.
 *
 * ```ts
 * const client = new RegistryClient({ cacheTtlMs: 300_000, allowCredentialHelpers: true });
 * const m = await client.resolve({ domain: 'docker.io', path: 'library/nginx', reference: '1.27' },
 *                                { signal, withPlatforms: true });
 * m.digest      // index digest for multi-arch images — pin this one
 * m.platforms   // [{ os: 'linux', architecture: 'arm64', variant: 'v8', digest }] or null
 * client.peekCache(loc)      // cached result or undefined, never any network (hovers)
 * client.clearCache()        // results, tokens, challenges, helper answers
 * client.signedInHosts()     // registries where credentials were used (status bar)
 * client.stats               // { manifestRequests, tokenRequests, tagListRequests, cacheHits, mergedLookups }
 * ```
 *
 * Failures are `RegistryError`s with `kind` (`unknown-tag`, `unknown-repository`,
 * `auth-required`, `forbidden`, `rate-limited` (+ `retryAfterMs`), `unreachable`,
 * `tls`, `timeout`, `invalid-response`, `cancelled`), `host`, and a message saying
 * what to do. No message, error or result ever holds a credential or token.
 *
 * ## Behaviour
 * - Endpoint: `docker.io`/`index.docker.io` → `https://registry-1.docker.io`. HTTPS
 *   always, except loopback hosts and `insecureHosts`, which fall back to plain HTTP
 *   on any failure of the first HTTPS attempt, like docker (remembered per host). `insecureHosts` also
 *   skip certificate checks (like docker's insecure-registries); loopback does not.
 * - Digest: `lookupMethod` `get` (default except Docker Hub) is one GET whose exact
 *   bytes are hashed and checked against `Docker-Content-Digest`; `head` (default for
 *   Docker Hub, whose limits count GETs) trusts the HEAD header and GETs only when it
 *   is missing or when platforms of an index are needed (then by digest, verified).
 *   `resolve(loc, { verify: true })` forces the verified GET: use it before writing
 *   a digest into a file. Accept = OCI index, Docker list, OCI manifest, Docker v2
 *   manifest (never `*\/*`).
 * - 404: `tags/list` tells an unknown repository (NAME_UNKNOWN) from an unknown tag.
 * - Auth: 401 challenges (several per header) → Bearer token from the realm the
 *   registry named (`repository:<path>:pull`, Basic credentials or identity-token
 *   refresh, tokens cached until `expires_in`), or Basic. Authorization goes only to
 *   the registry origin; redirects elsewhere carry none.
 * - Credentials: Docker config (`$DOCKER_CONFIG`/`~/.docker/config.json`: auths,
 *   credHelpers, credsStore — helpers run only with `allowCredentialHelpers`), then
 *   Podman auth files (`$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
 *   `~/.config/containers/auth.json`); or pass your own `CredentialStore`.
 * - Network: Node's own http/https, keep-alive, at most `maxConcurrencyPerHost`
 *   connections per origin; system roots + `caFile` (NODE_EXTRA_CA_CERTS honoured), explicit
 *   `proxy` or HTTPS_PROXY/HTTP_PROXY/NO_PROXY (loopback never proxied; every request
 *   tunnelled with CONNECT, the proxy URL's user info sent as Proxy-Authorization), per-attempt
 *   timeout, `retries` with backoff honouring Retry-After for 429/503 and retrying
 *   resets/5xx (HEAD/GET only), `maxConcurrencyPerHost`, duplicate in-flight lookups
 *   merged (cancelled only when every caller cancels), result cache (`cacheTtlMs`).
 */

export { RegistryClient } from './client';
export type { ImageLocator, LookupMethod, RegistryClientOptions, RegistryStats, ResolveOptions, ResolvedManifest } from './client';
export { RegistryError, isRegistryError, redact } from './errors';
export type { RegistryErrorKind } from './errors';
export type { PlatformManifest } from './manifest';
export { MANIFEST_ACCEPT, MediaType, formatPlatform } from './manifest';
export { AnonymousCredentialStore, DockerCredentialStore, StaticCredentialStore, authFilePaths } from './credentialStore';
export type { CredentialLookup, CredentialStore, Credentials, DockerCredentialStoreOptions } from './credentialStore';
export type { AuthEntry, AuthTarget } from './dockerConfig';
export type { ProxySettings } from './proxy';
export type { Hints } from './messages';
export { registryEndpoint, isLoopbackHost, DOCKER_HUB_AUTH_KEY } from './endpoint';
export type { RegistryEndpoint } from './endpoint';
