/**
 * The transport's promises to a digest client, against a real HTTP server on 127.0.0.1:
 * the request carries only the caller's headers (plus Host and Connection), the body comes
 * back byte for byte (never decompressed), redirects are returned, bodies are bounded,
 * a body cut short is a failure, and connections are kept alive.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { NetworkFailure } from '../../server/src/registry/networkFailure';
import { Transport } from '../../server/src/registry/transport';
import type { HttpExchange } from '../../server/src/registry/transport';

const GZIPPED = gzipSync(Buffer.from('{"schemaVersion":2}'));

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/headers': (req, res) => res.end(JSON.stringify(req.rawHeaders)),
  // Content-Length on HEAD too, as registries send it: without it Node does not keep the connection.
  '/gzip': (req, res) =>
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json', 'content-length': GZIPPED.length }).end(req.method === 'HEAD' ? undefined : GZIPPED),
  '/redirect': (_req, res) => res.writeHead(307, { location: '/gzip' }).end(),
  '/hundred': (_req, res) => res.end(Buffer.alloc(100, 'x')),
  // Chunked, no Content-Length: only the early close tells that bytes are missing.
  '/cut': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"schemaVersion":', () => req.socket.destroy());
  },
};

describe('transport (node:http) against a local server', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  const transport = new Transport({ env: {}, connectionsPerOrigin: 4 });
  before(async () => {
    server = createServer((req, res) => routes[req.url ?? '']!(req, res));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, more: Partial<HttpExchange> = {}) =>
    transport.send({ method: 'GET', url: new URL(path, base), headers: {}, signal: AbortSignal.timeout(5000), maxBodyBytes: 1000, ...more });

  test('only the given headers go out, besides Host and Connection (no Accept, no Accept-Encoding)', async () => {
    const res = await send('/headers', { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
    const raw = JSON.parse(res.body.toString()) as string[];
    const names = raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
    assert.deepEqual(names.sort(), ['accept', 'connection', 'host']);
    assert.equal(raw[raw.findIndex((name) => name.toLowerCase() === 'accept') + 1], 'application/vnd.oci.image.index.v1+json');
    assert.equal(res.viaProxy, false);
  });

  test('the body comes back as sent, never decompressed', async () => {
    const res = await send('/gzip');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, GZIPPED);
  });

  test('a redirect is returned to the caller, not followed', async () => {
    const res = await send('/redirect');
    assert.equal(res.status, 307);
    assert.equal(res.headers['location'], '/gzip');
  });

  test('a body over maxBodyBytes is too-large; 0 and HEAD read none', async () => {
    await assert.rejects(send('/hundred', { maxBodyBytes: 99 }), (e: NetworkFailure) => e instanceof NetworkFailure && e.failure === 'too-large');
    assert.equal((await send('/hundred', { maxBodyBytes: 100 })).body.length, 100);
    assert.equal((await send('/hundred', { maxBodyBytes: 0 })).body.length, 0);
    assert.equal((await send('/hundred', { method: 'HEAD' })).body.length, 0);
  });

  test('a chunked body cut short by a closed connection is truncated', async () => {
    await assert.rejects(send('/cut'), (e: NetworkFailure) => e instanceof NetworkFailure && e.failure === 'truncated');
  });

  test('sequential requests reuse one kept-alive connection', async () => {
    const fresh = new Transport({ env: {} });
    const before = connections;
    try {
      for (let i = 0; i < 5; i++) {
        await fresh.send({ method: i % 2 === 0 ? 'GET' : 'HEAD', url: new URL('/gzip', base), headers: {}, signal: AbortSignal.timeout(5000), maxBodyBytes: i === 2 ? 0 : 1000 });
      }
    } finally {
      await fresh.close();
    }
    assert.equal(connections - before, 1);
  });
});
