/**
 * Where a registry lives: maps the `domain` of a parsed image reference to the
 * base URL of its v2 API and to the keys used for credentials.
 *
 * - `docker.io`, `index.docker.io`, `registry-1.docker.io` → `https://registry-1.docker.io`
 *   (credential key `https://index.docker.io/v1/`, like the docker CLI).
 * - Loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) and hosts the user lists as
 *   insecure may use plain HTTP. Like docker, such hosts are tried over HTTPS first and
 *   fall back to HTTP on any failure of that attempt (see repositorySession.ts);
 *   `schemes` lists the order. Every other host is HTTPS only.
 */

import net from 'node:net';

export const DOCKER_HUB_DOMAIN = 'docker.io';
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export interface RegistryEndpoint {
  /** The domain as written in the reference (`docker.io`, `localhost:5000`). */
  domain: string;
  /** `host[:port]` used on the wire (`registry-1.docker.io`, `[::1]:5000`). */
  host: string;
  /** Hostname without port or brackets (`::1`, `localhost`). */
  hostname: string;
  port: number | null;
  /** Schemes to try, in order. `['https']` for ordinary hosts. */
  schemes: Array<'https' | 'http'>;
  /** True for loopback hosts or hosts listed as insecure. */
  insecure: boolean;
  /** True when the user listed the host as insecure: certificate checks are skipped, like docker's `insecure-registries`. */
  skipTlsVerify: boolean;
  isDockerHub: boolean;
}

/** Split `host[:port]` (with `[v6]:port` support). */
export function splitHostPort(hostPort: string): { hostname: string; port: number | null } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  if (v6) {
    return { hostname: v6[1]!, port: v6[2] ? Number(v6[2]) : null };
  }
  const idx = hostPort.lastIndexOf(':');
  if (idx > 0 && hostPort.indexOf(':') === idx && /^\d+$/.test(hostPort.slice(idx + 1))) {
    return { hostname: hostPort.slice(0, idx), port: Number(hostPort.slice(idx + 1)) };
  }
  return { hostname: hostPort, port: null };
}

export function isDockerHubDomain(domain: string): boolean {
  return DOCKER_HUB_ALIASES.has(domain.toLowerCase());
}

/** `localhost`, `*.localhost`, `127.0.0.0/8`, `::1` (also IPv4-mapped `::ffff:127.x`). */
export function isLoopbackHost(hostname: string): boolean {
  let h = hostname.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) {
    h = h.slice(1, -1);
  }
  if (h === 'localhost' || h.endsWith('.localhost')) {
    return true;
  }
  if (net.isIPv4(h)) {
    return h.split('.')[0] === '127';
  }
  if (net.isIPv6(h)) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') {
      return true;
    }
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped ? mapped[1]!.split('.')[0] === '127' : false;
  }
  return false;
}

/** Does `host[:port]` match an entry of the user's insecure list (`host:port` or bare `host`)? */
export function isListedInsecure(host: string, insecureHosts: readonly string[] | undefined): boolean {
  if (!insecureHosts || insecureHosts.length === 0) {
    return false;
  }
  const { hostname } = splitHostPort(host);
  const h = host.toLowerCase();
  const hn = hostname.toLowerCase();
  return insecureHosts.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return e === h || e === hn;
  });
}

export function registryEndpoint(domain: string, insecureHosts?: readonly string[]): RegistryEndpoint {
  const d = domain.trim();
  if (isDockerHubDomain(d)) {
    return {
      domain: d,
      host: DOCKER_HUB_API_HOST,
      hostname: DOCKER_HUB_API_HOST,
      port: null,
      schemes: ['https'],
      insecure: false,
      skipTlsVerify: false,
      isDockerHub: true,
    };
  }
  const { hostname, port } = splitHostPort(d);
  const host = d.toLowerCase();
  const listed = isListedInsecure(host, insecureHosts);
  const loopback = isLoopbackHost(hostname);
  const insecure = listed || loopback;
  return {
    domain: d,
    host,
    hostname: hostname.toLowerCase(),
    port,
    schemes: insecure ? ['https', 'http'] : ['https'],
    insecure,
    skipTlsVerify: listed,
    isDockerHub: false,
  };
}

/** `https://host[:port]` */
export function baseUrl(endpoint: RegistryEndpoint, scheme: 'https' | 'http'): string {
  return `${scheme}://${endpoint.host}`;
}

/** Encode a repository path for a URL: each component stays readable (components are already [a-z0-9._-]). */
export function repoPathForUrl(path: string): string {
  return path
    .split('/')
    .map((c) => encodeURIComponent(c))
    .join('/');
}

/** Display name of a repository for messages: `localhost:5000/app`, `docker.io/library/nginx`. */
export function displayRepo(domain: string, path: string): string {
  return `${domain}/${path}`;
}
