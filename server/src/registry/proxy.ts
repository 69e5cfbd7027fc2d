/**
 * Which proxy (if any) a request goes through.
 *
 * An explicit proxy (VS Code's `http.proxy`) wins over the environment; otherwise
 * `HTTPS_PROXY`/`https_proxy` for https URLs and `HTTP_PROXY`/`http_proxy` for http
 * URLs. `NO_PROXY`/`no_proxy` (plus the explicit `noProxy` list) exempt hosts:
 * `*`, exact host, `host:port`, domain suffixes (`example.com` and `.example.com`
 * both cover `a.example.com`), IPv4 CIDR blocks. Loopback hosts never use a proxy.
 */

import net from 'node:net';
import { isLoopbackHost, splitHostPort } from './endpoint';

export interface ProxySettings {
  /** Explicit proxy URL, e.g. VS Code's `http.proxy`. */
  url?: string;
  /** Verify TLS certificates (VS Code's `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** Extra hosts that bypass the proxy. */
  noProxy?: string[];
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v && v.trim() !== '' ? v.trim() : undefined;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function matchesNoProxyEntry(entry: string, hostname: string, port: string): boolean {
  let e = entry.trim().toLowerCase();
  if (!e) {
    return false;
  }
  if (e === '*') {
    return true;
  }
  e = e.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(e);
  if (cidr) {
    if (!net.isIPv4(hostname)) {
      return false;
    }
    const bits = Number(cidr[2]);
    if (bits > 32) {
      return false;
    }
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((ipv4ToInt(hostname) & mask) >>> 0) === ((ipv4ToInt(cidr[1]!) & mask) >>> 0);
  }
  const { hostname: eh, port: ep } = splitHostPort(e);
  if (ep !== null && String(ep) !== port) {
    return false;
  }
  let domain = eh;
  if (domain.startsWith('*.')) {
    domain = domain.slice(1);
  }
  if (domain.startsWith('.')) {
    return hostname.endsWith(domain) || hostname === domain.slice(1);
  }
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/** True when `NO_PROXY`-style entries exempt the URL's host. */
export function bypassesProxy(url: URL, entries: readonly string[]): boolean {
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((e) => matchesNoProxyEntry(e, hostname, port));
}

/** The proxy URL to use for `url`, or null for a direct connection. */
export function selectProxy(url: URL, settings: ProxySettings | undefined, env: NodeJS.ProcessEnv): string | null {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(hostname)) {
    return null;
  }
  const noProxy = [...(settings?.noProxy ?? []), ...(envValue(env, 'NO_PROXY') ?? '').split(',')];
  if (bypassesProxy(url, noProxy)) {
    return null;
  }
  if (settings?.url && settings.url.trim() !== '') {
    return settings.url.trim();
  }
  const fromEnv = url.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : envValue(env, 'HTTP_PROXY');
  return fromEnv ?? null;
}
