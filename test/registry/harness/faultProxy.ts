/**
 * A plain-HTTP reverse proxy on 127.0.0.1 in front of a harness registry that
 * injects one fault into manifest requests (`/v2/<name>/manifests/<ref>`); all
 * other traffic (ping, blobs, tags) passes through, streamed. It counts requests
 * so tests can assert how many manifest round trips a client made.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { RunningRegistry } from './registry';

export type Fault =
  | { kind: 'none' }
  /** Waits before forwarding. */
  | { kind: 'delay'; ms: number }
  /** TCP RST instead of an answer. */
  | { kind: 'reset' }
  /** Answers `status` itself (registry-style JSON error body); `times` then passes through. */
  | { kind: 'status'; status: number; retryAfter?: string; times?: number }
  /** Forwards, then closes the connection mid-response (GET: half the body; HEAD: mid-headers). */
  | { kind: 'truncate' }
  /** Forwards with a different, well-formed Docker-Content-Digest header. */
  | { kind: 'wrongDigestHeader' };

export interface FaultProxy {
  /** "127.0.0.1:PORT", plain HTTP whatever the registry's scheme. */
  host: string;
  scheme: 'http';
  setFault(f: Fault): void;
  stats: {
    requests: number;
    manifestRequests: number;
    /** "METHOD /path" of every request, in arrival order (query strings dropped). */
    byMethodPath: string[];
    /** Connections reset because they did not start with HTTP (with `resetTlsAttempts`). */
    resetTlsAttempts: number;
    /** Connections accepted (a client's TLS attempts included). */
    connections: number;
  };
  stop(): Promise<void>;
}

const MANIFEST_PATH = /^\/v2\/.+\/manifests\/[^/]+$/;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade'];

const ERROR_CODES: Record<number, string> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  404: 'MANIFEST_UNKNOWN',
  429: 'TOOMANYREQUESTS',
  503: 'UNAVAILABLE',
};

function withoutHopByHop(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) {
    delete copy[name];
  }
  return copy;
}

function answerStatus(req: IncomingMessage, res: ServerResponse, fault: Extract<Fault, { kind: 'status' }>): void {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json' };
  if (fault.retryAfter !== undefined) {
    headers['retry-after'] = fault.retryAfter;
  }
  const code = ERROR_CODES[fault.status] ?? 'UNKNOWN';
  const body = JSON.stringify({ errors: [{ code, message: `fault proxy: injected HTTP ${fault.status}` }] });
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(fault.status, headers);
  // Like the registry, HEAD answers carry no body (Node drops it for HEAD anyway).
  res.end(req.method === 'HEAD' ? undefined : body);
}

export interface FaultProxyOptions {
  /**
   * Reset the connection when a client opens with something other than HTTP
   * (a TLS ClientHello), as some load balancers do, instead of Node's
   * `400 Bad Request` answer that a TLS client reads as "not TLS".
   */
  resetTlsAttempts?: boolean;
}

export async function startFaultProxy(target: RunningRegistry, initial: Fault = { kind: 'none' }, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const [targetHost, targetPort] = target.host.split(':');
  const tls = target.scheme === 'https';
  const ca = target.caFile !== null ? readFileSync(target.caFile) : undefined;
  const agent = tls ? new HttpsAgent({ keepAlive: true, ca }) : new HttpAgent({ keepAlive: true });
  const send = tls ? httpsRequest : httpRequest;
  const stats: FaultProxy['stats'] = { requests: 0, manifestRequests: 0, byMethodPath: [], resetTlsAttempts: 0, connections: 0 };
  const pendingDelays = new Set<NodeJS.Timeout>();

  let fault: Fault = initial;
  let remaining = fault.kind === 'status' ? fault.times : undefined;
  /** The fault for this manifest request; `times` counts down to pass-through. */
  const takeFault = (): Fault => {
    if (remaining === undefined) {
      return fault;
    }
    if (remaining <= 0) {
      return { kind: 'none' };
    }
    remaining--;
    return fault;
  };

  /** Streams req to the registry and the answer back; `applied` may rewrite the answer. */
  const forward = (req: IncomingMessage, res: ServerResponse, applied: Fault): void => {
    const upstream = send({
      host: targetHost,
      port: Number(targetPort),
      method: req.method,
      path: req.url,
      // Host stays the proxy's and the scheme is declared http, so the registry's
      // absolute URLs (upload Locations) point back through the proxy.
      headers: { ...withoutHopByHop(req.headers), 'x-forwarded-proto': 'http' },
      agent,
    });
    upstream.once('error', () => res.destroy());
    res.once('close', () => upstream.destroy());
    upstream.once('response', (answer) => {
      const headers = withoutHopByHop(answer.headers);
      if (applied.kind === 'wrongDigestHeader' && typeof headers['docker-content-digest'] === 'string') {
        const wrong = createHash('sha256').update(`not ${headers['docker-content-digest']}`).digest('hex');
        headers['docker-content-digest'] = `sha256:${wrong}`;
      }
      if (applied.kind !== 'truncate') {
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.once('end', () => {
        const body = Buffer.concat(chunks);
        const socket = res.socket;
        if (socket === null) {
          return;
        }
        if (body.length === 0) {
          // No body to cut short (HEAD): close in the middle of the headers instead.
          socket.end(`HTTP/1.1 ${answer.statusCode ?? 200} \r\nContent-Type: appl`);
          return;
        }
        // Full Content-Length announced, half the bytes sent, then FIN.
        res.writeHead(answer.statusCode ?? 502, headers);
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => socket.end());
      });
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy.invalid').pathname;
    stats.requests++;
    stats.byMethodPath.push(`${req.method ?? '?'} ${path}`);
    if (!MANIFEST_PATH.test(path)) {
      forward(req, res, { kind: 'none' });
      return;
    }
    stats.manifestRequests++;
    const now = takeFault();
    switch (now.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'status':
        answerStatus(req, res, now);
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          pendingDelays.delete(timer);
          if (!res.destroyed) {
            forward(req, res, now);
          }
        }, now.ms);
        pendingDelays.add(timer);
        return;
      }
      default:
        forward(req, res, now);
    }
  });
  server.on('connection', () => stats.connections++);
  if (options.resetTlsAttempts === true) {
    server.on('clientError', (_error, socket) => {
      stats.resetTlsAttempts++;
      (socket as Socket).resetAndDestroy();
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref(); // A forgotten stop() must not keep the test process alive.
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | null = null;
  return {
    host: `127.0.0.1:${port}`,
    scheme: 'http',
    stats,
    setFault(f: Fault): void {
      fault = f;
      remaining = f.kind === 'status' ? f.times : undefined;
    },
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        for (const timer of pendingDelays) {
          clearTimeout(timer);
        }
        pendingDelays.clear();
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      });
      return stopped;
    },
  };
}
