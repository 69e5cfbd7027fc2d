/**
 * Requests to a harness registry (or a fault proxy in front of it) that answer
 * auth challenges the way docker/skopeo do: on 401, Basic credentials for a Basic
 * challenge, or a token from the Bearer challenge's realm for its scope. The last
 * accepted Authorization is sent up front on later requests, so a push costs one
 * 401 round trip. Used by pushImage and by tests; not the product's client.
 */
import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { httpRequest } from './httpRequest';
import type { HttpResponse } from './httpRequest';

export interface SessionTarget {
  host: string;
  scheme?: 'http' | 'https';
  caFile?: string | null;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    params[match[1]] = match[2];
  }
  return { scheme, params };
}

export class RegistrySession {
  private readonly baseUrl: string;
  private readonly ca: Buffer | null;
  private current: string | null = null;

  constructor(target: SessionTarget, private readonly credentials: Credentials | null) {
    this.baseUrl = `${target.scheme ?? 'http'}://${target.host}`;
    this.ca = target.caFile ? readFileSync(target.caFile) : null;
  }

  /** `pathOrUrl` is a path like `/v2/…` or an absolute URL such as an upload Location. */
  async request(method: string, pathOrUrl: string, headers: OutgoingHttpHeaders = {}, body?: Buffer): Promise<HttpResponse> {
    const url = new URL(pathOrUrl, this.baseUrl).toString();
    const send = (authorization: string | null): Promise<HttpResponse> =>
      httpRequest(url, {
        method,
        headers: authorization === null ? headers : { ...headers, authorization },
        body,
        ca: this.ca,
      });
    const first = await send(this.current);
    const challenge = first.headers['www-authenticate'];
    if (first.status !== 401 || typeof challenge !== 'string') {
      return first;
    }
    const authorization = await this.authorize(challenge);
    if (authorization === null) {
      return first;
    }
    this.current = authorization;
    return send(authorization);
  }

  private async authorize(header: string): Promise<string | null> {
    const { scheme, params } = parseChallenge(header);
    const basic =
      this.credentials === null
        ? null
        : `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (scheme === 'basic') {
      return basic;
    }
    if (scheme !== 'bearer' || params.realm === undefined) {
      return null;
    }
    const scope = params.scope ?? '';
    const realm = new URL(params.realm);
    if (params.service !== undefined) {
      realm.searchParams.set('service', params.service);
    }
    if (scope !== '') {
      realm.searchParams.set('scope', scope);
    }
    const headers: OutgoingHttpHeaders = basic === null ? {} : { authorization: basic };
    const res = await httpRequest(realm.toString(), { method: 'GET', headers, ca: this.ca });
    if (res.status !== 200) {
      throw new Error(`token request ${realm}: HTTP ${res.status} ${res.body.toString('utf8')}`);
    }
    const token = (JSON.parse(res.body.toString('utf8')) as { token: string }).token;
    return `Bearer ${token}`;
  }
}
