/**
 * Docker `config.json` and Podman/containers `auth.json` parsing and key matching.
 * Pure: takes file text, returns plain data; reading files and running helpers is
 * done by credentialStore.ts.
 *
 * Docker config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`):
 *   { "auths": { "<key>": { "auth": base64("user:pass") | "username"/"password",
 *                           "identitytoken", "registrytoken" } },
 *     "credsStore": "desktop", "credHelpers": { "<host>": "gcloud" } }
 * Keys are matched like the docker CLI (`ConvertToHostname`): an exact key first,
 * then any key whose scheme-less, path-less form is the registry host
 * (`host`, `https://host`, `http://host/v1/` all match). Docker Hub's key is
 * `https://index.docker.io/v1/`; `docker.io`, `index.docker.io` and
 * `registry-1.docker.io` keys are accepted for it too.
 *
 * Podman auth.json has the same `auths` shape, but keys may name a namespace or
 * repository (`quay.io/team`, `quay.io/team/app`): the most specific key wins.
 */

import { DOCKER_HUB_AUTH_KEY, isDockerHubDomain } from './endpoint';

export interface AuthEntry {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken`, or a helper's `<token>` username). */
  identityToken?: string;
  /** A bearer token to send as-is (`registrytoken`). */
  registryToken?: string;
}

export interface ParsedAuthFile {
  auths: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers: Record<string, string>;
  /** Entries that could not be decoded (key → reason), never holding secret material. */
  problems: string[];
}

export interface AuthTarget {
  /** Registry host as used on the wire (`registry-1.docker.io`, `localhost:5000`). */
  host: string;
  /** Repository path, for namespace-specific Podman keys. */
  path?: string;
  isDockerHub: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Decode one `auths` entry; returns null when it carries no credentials (e.g. `{}` next to a credsStore). */
export function decodeAuthEntry(raw: unknown): AuthEntry | null | 'invalid' {
  if (raw === null || typeof raw !== 'object') {
    return 'invalid';
  }
  const o = raw as Record<string, unknown>;
  const entry: AuthEntry = {};
  const auth = str(o['auth']);
  if (auth) {
    let decoded: string;
    try {
      decoded = Buffer.from(auth, 'base64').toString('utf8');
    } catch {
      return 'invalid';
    }
    const idx = decoded.indexOf(':');
    if (idx <= 0) {
      return 'invalid';
    }
    entry.username = decoded.slice(0, idx);
    entry.password = decoded.slice(idx + 1).replace(/\n$/, '');
  } else {
    const u = str(o['username']);
    const p = str(o['password']);
    if (u !== undefined) {
      entry.username = u;
    }
    if (p !== undefined) {
      entry.password = p;
    }
  }
  const identity = str(o['identitytoken']) ?? str(o['identityToken']);
  if (identity) {
    entry.identityToken = identity;
  }
  const registryToken = str(o['registrytoken']) ?? str(o['registryToken']);
  if (registryToken) {
    entry.registryToken = registryToken;
  }
  if (!entry.password && !entry.identityToken && !entry.registryToken) {
    return null;
  }
  return entry;
}

/** Parse a docker config.json or containers auth.json text. Throws SyntaxError on invalid JSON. */
export function parseAuthFile(text: string): ParsedAuthFile {
  const json: unknown = text.trim() === '' ? {} : JSON.parse(text);
  const out: ParsedAuthFile = { auths: {}, credHelpers: {}, problems: [] };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    out.problems.push('the file is not a JSON object');
    return out;
  }
  const o = json as Record<string, unknown>;
  const auths = o['auths'];
  if (auths && typeof auths === 'object' && !Array.isArray(auths)) {
    for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
      const decoded = decodeAuthEntry(value);
      if (decoded === 'invalid') {
        out.problems.push(`the "auths" entry for ${key} cannot be decoded`);
      } else if (decoded) {
        out.auths[key] = decoded;
      }
    }
  }
  const credsStore = str(o['credsStore']);
  if (credsStore) {
    out.credsStore = credsStore;
  }
  const helpers = o['credHelpers'];
  if (helpers && typeof helpers === 'object' && !Array.isArray(helpers)) {
    for (const [key, value] of Object.entries(helpers as Record<string, unknown>)) {
      const name = str(value);
      if (name) {
        out.credHelpers[key] = name;
      }
    }
  }
  return out;
}

/** Docker's `ConvertToHostname`: drop `http(s)://` and everything from the first `/`. Lowercased. */
export function keyHostname(key: string): string {
  let k = key.trim();
  k = k.replace(/^https?:\/\//i, '');
  const slash = k.indexOf('/');
  if (slash >= 0) {
    k = k.slice(0, slash);
  }
  return k.toLowerCase();
}

function hostMatches(keyHost: string, target: AuthTarget): boolean {
  if (target.isDockerHub) {
    return isDockerHubDomain(keyHost);
  }
  return keyHost === target.host.toLowerCase();
}

/** Docker-style lookup: exact key, then hostname match. Returns the matching key. */
export function findDockerKey(keys: Iterable<string>, target: AuthTarget): string | undefined {
  const list = [...keys];
  const exact = target.isDockerHub ? [DOCKER_HUB_AUTH_KEY, 'docker.io', 'index.docker.io'] : [target.host, `https://${target.host}`, `http://${target.host}`];
  for (const e of exact) {
    if (list.includes(e)) {
      return e;
    }
  }
  return list.find((k) => hostMatches(keyHostname(k), target));
}

/**
 * Podman-style lookup: `host/full/path`, then each parent namespace, then `host`;
 * legacy keys with a scheme are compared by hostname only.
 */
export function findPodmanKey(keys: Iterable<string>, target: AuthTarget): string | undefined {
  const list = [...keys];
  const normalized = new Map<string, string>();
  for (const k of list) {
    let n = k.trim().toLowerCase();
    if (/^https?:\/\//.test(n)) {
      n = keyHostname(n);
    }
    n = n.replace(/\/+$/, '');
    const slash = n.indexOf('/');
    const h = slash >= 0 ? n.slice(0, slash) : n;
    const rest = slash >= 0 ? n.slice(slash) : '';
    const hostPart = target.isDockerHub && isDockerHubDomain(h) ? 'docker.io' : h;
    if (!normalized.has(hostPart + rest)) {
      normalized.set(hostPart + rest, k);
    }
  }
  const host = target.isDockerHub ? 'docker.io' : target.host.toLowerCase();
  const parts = (target.path ?? '').toLowerCase().split('/').filter(Boolean);
  for (let n = parts.length; n >= 1; n--) {
    const k = normalized.get(`${host}/${parts.slice(0, n).join('/')}`);
    if (k !== undefined) {
      return k;
    }
  }
  return normalized.get(host);
}

/** The server URL handed to a credential helper (what `docker login` stored). */
export function helperServerUrl(target: AuthTarget): string {
  return target.isDockerHub ? DOCKER_HUB_AUTH_KEY : target.host;
}
