/**
 * A forward (CONNECT) proxy on 127.0.0.1 for proxy tests. Clients name a
 * registry by a made-up, non-loopback host (so they do not bypass the proxy, as
 * loopback always does); the proxy tunnels `CONNECT <alias>:<port>` to
 * 127.0.0.1:<port>. No DNS, and no traffic leaves loopback. It answers 403 to CONNECTs for
 * other hosts, and can demand credentials (407) or never answer.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT` (`https://` with `tls`) */
  url: string;
  /** Every CONNECT target, in order. */
  connects: string[];
  /** Proxy-Authorization or Authorization headers seen on CONNECT requests (they must carry no registry credentials). */
  authorizationHeaders: string[];
  /** CONNECTs left unanswered (`silent`) whose client connection is still open. */
  unanswered(): number;
  stop(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Answer 407 to a CONNECT without `Proxy-Authorization: Basic` of these. */
  credentials?: { username: string; password: string };
  /** Never answer a CONNECT; keep its connection open until the client closes it. */
  silent?: boolean;
  /** Serve https with this certificate (e.g. from `makeTlsFiles`): an `https://` proxy URL. */
  tls?: { certFile: string; keyFile: string };
}

export async function startForwardProxy(alias: string, options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const connects: string[] = [];
  const authorizationHeaders: string[] = [];
  const sockets = new Set<Duplex>();
  const held = new Set<Duplex>();
  const expected = options.credentials && `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  // Only tunnels are served: an absolute-form request would mean the client skipped CONNECT.
  const refuse: RequestListener = (_req, res) => res.writeHead(405).end();
  const server = options.tls ? createTlsServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }, refuse) : createServer(refuse);
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    for (const name of ['authorization', 'proxy-authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') {
        authorizationHeaders.push(value);
      }
    }
    if (options.silent === true) {
      held.add(client);
      client.on('close', () => held.delete(client));
      // The server socket allows half-open connections: the client's FIN alone closes nothing.
      client.on('end', () => client.destroy());
      client.on('error', () => client.destroy());
      return;
    }
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\n\r\n');
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (host !== alias || !Number.isInteger(port)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.add(client);
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const close = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
    upstream.on('close', () => sockets.delete(upstream));
    client.on('close', () => sockets.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    connects,
    authorizationHeaders,
    unanswered: () => held.size,
    stop: () =>
      new Promise<void>((resolve) => {
        [...sockets, ...held].forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
