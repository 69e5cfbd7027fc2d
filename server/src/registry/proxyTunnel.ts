/**
 * Connections through an HTTP(S) proxy, made as undici's ProxyAgent makes
 * them: `CONNECT host:port` to the proxy (over TLS when the proxy URL is https), then the
 * request inside the tunnel, over TLS for an https target. Plain-http targets are tunnelled
 * too: some proxies refuse absolute-form requests, and inside a tunnel the proxy never sees
 * the registry's Authorization header. The CONNECT carries only `Proxy-Authorization`, from
 * the user info of the proxy URL.
 *
 * The agent opens its tunnels in `createConnection`'s callback form, so tunnelled
 * connections are pooled, limited and kept alive by Node's Agent like direct ones.
 */

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { NetworkFailure, PROXY_REFUSAL, classifyNetworkError } from './networkFailure';

export interface TunnelTls {
  rejectUnauthorized: boolean;
  ca?: string[];
}

/** Request option naming the signal that abandons the tunnel being opened for that request. */
export interface TunnelRequestOptions {
  tunnelSignal?: AbortSignal;
}

type ConnectionOptions = http.ClientRequestArgs & TunnelRequestOptions;

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `Basic …` from the proxy URL's user info, or nothing. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '' && proxy.password === '') {
    return {};
  }
  const pair = `${decoded(proxy.username)}:${decoded(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(pair).toString('base64')}` };
}

/** SNI names a host name, never an address ('' = none; the certificate is still checked against `host`). */
function serverName(host: string): string {
  return net.isIP(host) ? '' : host;
}

/**
 * A tunnelling agent for targets of `protocol`. `options` are the pool's (keep-alive,
 * sockets per origin); `targetTls` verifies https targets, `proxyTls` an https proxy.
 */
export function tunnelAgent(protocol: 'http:' | 'https:', proxy: URL, proxyTls: TunnelTls, targetTls: TunnelTls, options: http.AgentOptions): http.Agent {
  const agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  const secureProxy = proxy.protocol === 'https:';
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const opening = new Set<http.ClientRequest>();

  /** The CONNECT exchange; resolves to the tunnel's socket. */
  const openTunnel = (target: string, signal: AbortSignal | undefined): Promise<Duplex> =>
    new Promise((resolve, reject) => {
      const request = (secureProxy ? https : http).request({
        host: proxyHost,
        port: proxy.port || (secureProxy ? 443 : 80),
        method: 'CONNECT',
        path: target,
        headers: { host: target, ...proxyAuthorization(proxy) },
        agent: false,
        // The certificate must name the proxy; Node would otherwise take the Host header (the target).
        ...(secureProxy ? { ...proxyTls, servername: serverName(proxyHost) } : {}),
        ...(signal ? { signal } : {}),
      });
      opening.add(request);
      request.once('close', () => opening.delete(request));
      // The proxy's own address or certificate failed: say so, not the registry's.
      request.once('error', (e) => {
        const failure = classifyNetworkError(e, 'connect', true);
        reject(new NetworkFailure(failure.failure, failure.code, failure.message, true, proxy.host));
      });
      request.once('connect', (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        // Any 2xx opens the tunnel (RFC 9110 §9.3.6); for anything else the status says why not.
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          socket.destroy();
          reject(new NetworkFailure('unreachable', `${PROXY_REFUSAL}${status}`, `the proxy answered HTTP ${status} to CONNECT ${target}`, true));
          return;
        }
        if (head.length > 0) {
          socket.unshift(head);
        }
        resolve(socket);
      });
      request.end();
    });

  agent.createConnection = (options: ConnectionOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined => {
    const host = String(options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port ?? (protocol === 'https:' ? 443 : 80));
    openTunnel(`${net.isIPv6(host) ? `[${host}]` : host}:${port}`, options.tunnelSignal).then(
      (socket) =>
        callback?.(
          null,
          protocol === 'http:' ? socket : tls.connect({ socket, host, servername: serverName(host), ...targetTls }),
        ),
      (e: Error) => callback?.(e, undefined as never), // Node's Agent reads no stream with an error
    );
    return undefined;
  };

  const destroy = agent.destroy.bind(agent);
  agent.destroy = (): void => {
    opening.forEach((request) => request.destroy());
    destroy();
  };
  return agent;
}
