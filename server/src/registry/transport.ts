/**
 * One HTTP exchange, nothing more: no auth, no retries, no redirects.
 *
 * Built on undici (installed, v7) rather than `fetch` or node:https because it gives
 * exactly what a digest client needs: the exact response bytes (no transparent
 * decompression, no default `Accept: *\/*`), redirects left to the caller (so
 * credentials can be stripped on a host change), TLS options per dispatcher (system
 * CAs + a CA file; NODE_EXTRA_CA_CERTS works because the default store is kept when no
 * CA file is set), and `ProxyAgent` for HTTP(S) proxies.
 */

import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { Dispatcher } from 'undici';
import { Agent, ProxyAgent } from './undiciParts';
import { selectProxy } from './proxy';
import type { ProxySettings } from './proxy';

export interface TransportOptions {
  caFile?: string;
  proxy?: ProxySettings;
  env?: NodeJS.ProcessEnv;
  /**
   * Most direct connections to one origin (default: no limit). Set to the requests allowed in
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

export type NetworkFailureKind = 'tls' | 'not-tls' | 'unreachable' | 'reset' | 'truncated' | 'too-large' | 'aborted' | 'config';

/** A failure below HTTP. `code` is a system/undici/OpenSSL code, never a secret. */
export class NetworkFailure extends Error {
  constructor(
    readonly failure: NetworkFailureKind,
    readonly code: string,
    message: string,
    readonly viaProxy = false,
  ) {
    super(message);
    this.name = 'NetworkFailure';
  }
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT']);
const TRUNCATED_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_BODY_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') {
      // undici wraps socket errors; prefer the innermost concrete code.
      const inner = (cur as { cause?: unknown }).cause;
      const innerCode = inner && typeof inner === 'object' ? (inner as { code?: unknown }).code : undefined;
      return typeof innerCode === 'string' ? innerCode : code;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

/** Classify a thrown low-level error. `phase` says whether headers had arrived. */
export function classifyNetworkError(e: unknown, phase: 'connect' | 'body', viaProxy: boolean): NetworkFailure {
  if (e instanceof NetworkFailure) {
    return e;
  }
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (CERT_CODES.has(code) || /certificate/i.test(msg)) {
    return new NetworkFailure('tls', code, `TLS certificate problem (${code})`, viaProxy);
  }
  if (NOT_TLS_CODES.has(code) || /wrong version number|packet length too long|unknown protocol/i.test(msg)) {
    return new NetworkFailure('not-tls', code, 'the server does not speak TLS', viaProxy);
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return new NetworkFailure('tls', code, `TLS handshake failed (${code})`, viaProxy);
  }
  if (phase === 'body' && (TRUNCATED_CODES.has(code) || RESET_CODES.has(code) || /other side closed|terminated|aborted/i.test(msg))) {
    return new NetworkFailure('truncated', code, 'the connection closed before the whole response arrived', viaProxy);
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new NetworkFailure('unreachable', code, `cannot connect (${code})`, viaProxy);
  }
  if (RESET_CODES.has(code) || /other side closed|socket hang up|terminated/i.test(msg)) {
    return new NetworkFailure('reset', code, `the connection was reset (${code})`, viaProxy);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new NetworkFailure('reset', code, 'no response headers arrived', viaProxy);
  }
  return new NetworkFailure('unreachable', code, `request failed (${code})`, viaProxy);
}

export class Transport {
  private readonly dispatchers = new Map<string, Dispatcher>();
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

  private dispatcherFor(url: URL, skipTlsVerify: boolean): { dispatcher: Dispatcher; viaProxy: boolean } {
    const proxyUrl = selectProxy(url, this.opts.proxy, this.env);
    const strict = this.opts.proxy?.strictSSL !== false && !skipTlsVerify;
    const key = `${proxyUrl ?? ''}\n${strict}`;
    let d = this.dispatchers.get(key);
    if (!d) {
      const ca = this.cas();
      const tlsOpts = { rejectUnauthorized: strict, ...(ca ? { ca } : {}) };
      d = proxyUrl
        ? new ProxyAgent({ uri: proxyUrl, requestTls: tlsOpts, proxyTls: { rejectUnauthorized: this.opts.proxy?.strictSSL !== false, ...(ca ? { ca } : {}) } })
        : new Agent({ connect: tlsOpts, keepAliveTimeout: 10_000, ...(this.opts.connectionsPerOrigin ? { connections: this.opts.connectionsPerOrigin } : {}) });
      this.dispatchers.set(key, d);
    }
    return { dispatcher: d, viaProxy: proxyUrl !== null };
  }

  async send(x: HttpExchange): Promise<HttpResult> {
    const { dispatcher, viaProxy } = this.dispatcherFor(x.url, x.skipTlsVerify === true);
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        origin: x.url.origin,
        path: `${x.url.pathname}${x.url.search}`,
        method: x.method,
        headers: x.headers,
        ...(x.body !== undefined ? { body: x.body } : {}),
        signal: x.signal,
      });
    } catch (e) {
      if (x.signal.aborted) {
        throw new NetworkFailure('aborted', 'ABORT_ERR', 'the request was aborted', viaProxy);
      }
      throw classifyNetworkError(e, 'connect', viaProxy);
    }
    const headers = res.headers as Record<string, string | string[] | undefined>;
    if (x.method === 'HEAD' || x.maxBodyBytes === 0) {
      try {
        await res.body.dump();
      } catch {
        /* nothing to read */
      }
      return { status: res.statusCode, headers, body: Buffer.alloc(0), viaProxy };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        total += b.length;
        if (total > x.maxBodyBytes) {
          res.body.destroy();
          throw new NetworkFailure('too-large', 'TOO_LARGE', `the response is larger than ${x.maxBodyBytes} bytes`, viaProxy);
        }
        chunks.push(b);
      }
    } catch (e) {
      if (x.signal.aborted) {
        throw new NetworkFailure('aborted', 'ABORT_ERR', 'the request was aborted', viaProxy);
      }
      throw classifyNetworkError(e, 'body', viaProxy);
    }
    const body = Buffer.concat(chunks);
    const declared = headers['content-length'];
    if (typeof declared === 'string' && /^\d+$/.test(declared) && Number(declared) !== body.length) {
      throw new NetworkFailure('truncated', 'CONTENT_LENGTH_MISMATCH', `the body has ${body.length} of ${declared} announced bytes`, viaProxy);
    }
    return { status: res.statusCode, headers, body, viaProxy };
  }

  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }
}

export function headerValue(headers: HttpResult['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
