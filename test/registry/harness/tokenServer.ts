/**
 * A Docker registry token server (the `auth.token.realm` of the registry), run in
 * this process so tests can count its requests. It follows the distribution
 * token spec: `GET <realm>?service=…&scope=repository:<name>:<actions>…`,
 * Basic credentials optional, answer `{token, access_token, expires_in, issued_at}`.
 */
import { randomBytes, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsFiles, SigningFiles } from './certificates';
import { signJwt } from './jwt';

/** Anonymous clients may pull repositories under this prefix, and nothing else. */
export const PUBLIC_REPO_PREFIX = 'public/';

export interface TokenServerOptions {
  service: string;
  issuer: string;
  users: Array<{ username: string; password: string }>;
  signing: SigningFiles;
  /** Serve the realm over https with this certificate (when the registry uses TLS). */
  tls: TlsFiles | null;
  expiresInSeconds: number;
}

export interface TokenServer {
  realm: string;
  stats: { tokenRequests: number };
  stop(): Promise<void>;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** `repository:foo/bar:pull,push` → access entry; split at the first and last ':'. */
function parseScope(scope: string): Access | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) {
    return null;
  }
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(',').filter((a) => a !== ''),
  };
}

function grantedActions(access: Access, username: string | null): string[] {
  if (username !== null) {
    return access.actions; // Any valid user may do anything requested.
  }
  if (access.type === 'repository' && access.name.startsWith(PUBLIC_REPO_PREFIX)) {
    return access.actions.filter((a) => a === 'pull');
  }
  return [];
}

type Authentication = { ok: true; username: string | null } | { ok: false };

function authenticate(req: IncomingMessage, users: TokenServerOptions['users']): Authentication {
  const header = req.headers.authorization;
  if (header === undefined) {
    return { ok: true, username: null };
  }
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (match === null) {
    return { ok: false };
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return { ok: false };
  }
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = users.find((u) => u.username === username && u.password === password);
  return user !== undefined ? { ok: true, username } : { ok: false };
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(await readFile(opts.signing.keyFile));
  const certPem = await readFile(opts.signing.certFile, 'utf8');
  const stats = { tokenRequests: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') {
      sendJson(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'token endpoint is /token' }] });
      return;
    }
    stats.tokenRequests++;
    if (req.method !== 'GET') {
      sendJson(res, 405, { errors: [{ code: 'UNSUPPORTED', message: 'only GET token requests' }] });
      return;
    }
    const service = url.searchParams.get('service');
    if (service !== null && service !== opts.service) {
      sendJson(res, 400, { errors: [{ code: 'DENIED', message: `unknown service ${service}` }] });
      return;
    }
    const auth = authenticate(req, opts.users);
    if (!auth.ok) {
      sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] });
      return;
    }
    const access = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .map(parseScope)
      .filter((a): a is Access => a !== null)
      .map((a) => ({ ...a, actions: grantedActions(a, auth.username) }))
      .filter((a) => a.actions.length > 0);
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(
      {
        iss: opts.issuer,
        sub: auth.username ?? '',
        aud: opts.service,
        exp: now + opts.expiresInSeconds,
        nbf: now - 1,
        iat: now,
        jti: randomBytes(12).toString('hex'),
        access,
      },
      key,
      certPem,
    );
    sendJson(res, 200, {
      token,
      access_token: token,
      expires_in: opts.expiresInSeconds,
      issued_at: new Date(now * 1000).toISOString(),
    });
  };

  const server: Server =
    opts.tls === null
      ? createHttpServer(handle)
      : createHttpsServer(
          { cert: await readFile(opts.tls.certFile), key: await readFile(opts.tls.keyFile) },
          handle,
        );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref(); // A forgotten stop() must not keep the test process alive.
  const { port } = server.address() as AddressInfo;
  const scheme = opts.tls === null ? 'http' : 'https';

  return {
    realm: `${scheme}://127.0.0.1:${port}/token`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
