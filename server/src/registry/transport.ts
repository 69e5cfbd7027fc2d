/**
 * One HTTP exchange, nothing more: no auth, no retries, no redirects.
 *
 * Built on Node's own http/https clients (their parser and code are part of the node
 * binary: nothing to load or compile at start, unlike undici, which cost the CLI about
 * 200 ms a run), which give exactly what a digest client needs: the exact response bytes
 * (no decompression; Node adds only Host and Connection, no `Accept: *\/*`), redirects
 * left to the caller (so credentials can be stripped on a host change), TLS options per
 * agent (Node's default store, so NODE_EXTRA_CA_CERTS works, or it plus a CA file), and
 * keep-alive pools of at most `connectionsPerOrigin` sockets per origin. Proxies are
 * tunnelled with CONNECT (./proxyTunnel).
 */

import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream/promises';
import tls from 'node:tls';
import { NetworkFailure, classifyNetworkError } from './networkFailure';
import { selectProxy } from './proxy';
import type { ProxySettings } from './proxy';
import { tunnelAgent } from './proxyTunnel';
import type { TunnelRequestOptions, TunnelTls } from './proxyTunnel';

export interface TransportOptions {
  caFile?: string;
  proxy?: ProxySettings;
  env?: NodeJS.ProcessEnv;
  /**
   * Most connections to one origin (direct or tunnelled) (default: no limit). Set to the requests allowed in
   * flight, a burst reuses its connections: otherwise a request sent the moment another
   * finished opens a new one, before the pool sees the finished one free.
   */
  connectionsPerOrigin?: number;
}

export interface HttpExchange {
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Skip certificate verification (hosts listed as insecure). */
  skipTlsVerify?: boolean;
  /** Read at most this many body bytes; more is a failure (`too-large`). 0 = discard the body. */
  maxBodyBytes: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The exact body bytes (empty for HEAD or when discarded). */
  body: Buffer;
  /** Whether the request went through a proxy. */
  viaProxy: boolean;
}

export class Transport {
  private readonly agents = new Map<string, http.Agent>();
  private readonly env: NodeJS.ProcessEnv;
  private caList: string[] | undefined | null = null; // null = not loaded yet

  constructor(private readonly opts: TransportOptions = {}) {
    this.env = opts.env ?? process.env;
  }

  /** CA list when a CA file is configured: default roots + NODE_EXTRA_CA_CERTS + the file. */
  private cas(): string[] | undefined {
    if (this.caList !== null) {
      return this.caList;
    }
    if (!this.opts.caFile) {
      this.caList = undefined; // keep Node's default store (includes NODE_EXTRA_CA_CERTS)
      return undefined;
    }
    let file: string;
    try {
      file = readFileSync(this.opts.caFile, 'utf8');
    } catch (e) {
      throw new NetworkFailure('config', (e as NodeJS.ErrnoException).code ?? 'EIO', `the CA file ${this.opts.caFile} cannot be read`);
    }
    const list: string[] = [...tls.rootCertificates];
    const getCA = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
    if (typeof getCA === 'function') {
      try {
        list.push(...getCA('system'), ...getCA('extra'));
      } catch {
        /* older Node: not available */
      }
    } else {
      const extra = this.env['NODE_EXTRA_CA_CERTS'];
      if (extra) {
        try {
          list.push(readFileSync(extra, 'utf8'));
        } catch {
          /* Node itself warns about an unreadable NODE_EXTRA_CA_CERTS */
        }
      }
    }
    list.push(file);
    this.caList = list;
    return list;
  }

  private agentFor(url: URL, skipTlsVerify: boolean): { agent: http.Agent; viaProxy: boolean } {
    const proxyUrl = selectProxy(url, this.opts.proxy, this.env);
    const strict = this.opts.proxy?.strictSSL !== false && !skipTlsVerify;
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const key = `${protocol}\n${proxyUrl ?? ''}\n${strict}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = this.newAgent(protocol, proxyUrl, strict);
      this.agents.set(key, agent);
    }
    return { agent, viaProxy: proxyUrl !== null };
  }

  private newAgent(protocol: 'http:' | 'https:', proxyUrl: string | null, strict: boolean): http.Agent {
    const ca = this.cas();
    const withCa = ca ? { ca } : {};
    const targetTls: TunnelTls = { rejectUnauthorized: strict, ...withCa };
    // `timeout` closes a kept-alive socket after 10 s idle, before a registry may drop it unannounced.
    const pool: http.AgentOptions = { keepAlive: true, timeout: 10_000, ...(this.opts.connectionsPerOrigin ? { maxSockets: this.opts.connectionsPerOrigin } : {}) };
    if (proxyUrl === null) {
      return protocol === 'https:' ? new https.Agent({ ...pool, ...targetTls }) : new http.Agent(pool);
    }
    return tunnelAgent(protocol, parseProxyUrl(proxyUrl), { rejectUnauthorized: this.opts.proxy?.strictSSL !== false, ...withCa }, targetTls, pool);
  }

  async send(x: HttpExchange): Promise<HttpResult> {
    const { agent, viaProxy } = this.agentFor(x.url, x.skipTlsVerify === true);
    const failure = (e: unknown, phase: 'connect' | 'body'): NetworkFailure =>
      x.signal.aborted ? new NetworkFailure('aborted', 'ABORT_ERR', 'the request was aborted', viaProxy) : classifyNetworkError(e, phase, viaProxy);
    let res: http.IncomingMessage;
    try {
      res = await response(x, agent);
    } catch (e) {
      throw failure(e, 'connect');
    }
    const status = res.statusCode ?? 0;
    const headers = res.headers;
    if (x.method === 'HEAD' || x.maxBodyBytes === 0) {
      // Read to the end so that the connection goes back to the pool.
      res.resume();
      await finished(res).catch(() => undefined);
      return { status, headers, body: Buffer.alloc(0), viaProxy };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res) {
        const b = chunk as Buffer;
        total += b.length;
        if (total > x.maxBodyBytes) {
          // Leaving the loop destroys the response and its socket.
          throw new NetworkFailure('too-large', 'TOO_LARGE', `the response is larger than ${x.maxBodyBytes} bytes`, viaProxy);
        }
        chunks.push(b);
      }
    } catch (e) {
      throw failure(e, 'body');
    }
    if (!res.complete) {
      throw failure(new NetworkFailure('truncated', 'INCOMPLETE', 'the connection closed before the whole response arrived', viaProxy), 'body');
    }
    const body = Buffer.concat(chunks);
    const declared = headers['content-length'];
    if (typeof declared === 'string' && /^\d+$/.test(declared) && Number(declared) !== body.length) {
      throw new NetworkFailure('truncated', 'CONTENT_LENGTH_MISMATCH', `the body has ${body.length} of ${declared} announced bytes`, viaProxy);
    }
    return { status, headers, body, viaProxy };
  }

  close(): Promise<void> {
    this.agents.forEach((agent) => agent.destroy());
    this.agents.clear();
    return Promise.resolve();
  }
}

/** Sends the request; resolves when the response headers arrive. */
function response(x: HttpExchange, agent: http.Agent): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    // `tunnelSignal` lets a tunnelling agent give up the CONNECT of an aborted request.
    const options: https.RequestOptions & TunnelRequestOptions = { method: x.method, headers: x.headers, agent, signal: x.signal, tunnelSignal: x.signal };
    // Node reports the abort of a request still waiting for its socket (a tunnel being
    // opened, a full pool) only once it gets one: reject at once instead.
    const aborted = (): void => reject(x.signal.reason);
    x.signal.addEventListener('abort', aborted, { once: true });
    const req = (x.url.protocol === 'https:' ? https : http).request(x.url, options, (res) => {
      x.signal.removeEventListener('abort', aborted);
      resolve(res);
    });
    // Kept after the headers too: a socket error while the body streams is emitted here as
    // well (the body read reports it); without a listener it would crash the process.
    req.on('error', (e) => {
      x.signal.removeEventListener('abort', aborted);
      reject(e);
    });
    req.end(x.body);
  });
}

function parseProxyUrl(raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new NetworkFailure('unreachable', 'INVALID_PROXY_URL', 'the proxy URL is not an http:// or https:// URL', true);
  }
  return url;
}

export function headerValue(headers: HttpResult['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
