import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { RegistryClient, StaticCredentialStore } from '../../../server/src/registry';
import { RegistryError, SecretSet, redact, redactError } from '../../../server/src/registry/errors';

const PASSWORD = 'Pa55-w0rd-Very-Secret';
const TOKEN = 'tok-ABCDEF-0123456789';

test('redact removes secrets and their base64/URL forms', () => {
  const b64 = Buffer.from(PASSWORD).toString('base64');
  const text = `a ${PASSWORD} b ${b64} c ${encodeURIComponent('p@ss word!')} d`;
  const out = redact(text, [PASSWORD, 'p@ss word!']);
  assert.ok(!out.includes(PASSWORD) && !out.includes(b64) && !out.includes(encodeURIComponent('p@ss word!')));
  const set = new SecretSet();
  set.add('ab'); // too short to redact safely
  set.add(TOKEN);
  assert.deepEqual(set.values(), [TOKEN]);
  const e = redactError(new RegistryError({ kind: 'forbidden', host: 'h', message: `x ${TOKEN}`, status: 403 }), set.values());
  assert.equal(e.message, 'x ***');
  assert.equal(e.status, 403);
  assert.equal(e.kind, 'forbidden');
});

// A registry that misbehaves on purpose: echoes credentials everywhere it can.
const servers: http.Server[] = [];
after(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));
async function serve(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function assertNoSecret(e: unknown): void {
  assert.ok(e instanceof RegistryError, String(e));
  const all = `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}\n${JSON.stringify(e.toJSON())}\n${String(e)}`;
  for (const s of [PASSWORD, TOKEN, Buffer.from(`user:${PASSWORD}`).toString('base64')]) {
    assert.ok(!all.includes(s), `secret leaked in: ${all}`);
  }
}

test('no secret in any error, whatever the registry sends back', async () => {
  let realm = '';
  const tokenHost = await serve((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.get('scope')?.includes('denied')) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ details: req.headers.authorization }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
  });
  realm = `http://${tokenHost}/token`;
  const reg = await serve((req, res) => {
    const auth = req.headers.authorization ?? '';
    const echo = JSON.stringify({ errors: [{ code: 'DENIED', message: `you sent ${auth}`, detail: auth }] });
    if (req.url?.includes('/basic/')) {
      res.writeHead(401, { 'www-authenticate': `Basic realm="${auth}"`, 'content-type': 'application/json' }).end(echo);
    } else if (auth === '') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="svc"` }).end();
    } else if (req.url?.includes('/forbidden/')) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(echo);
    } else if (req.url?.includes('/weird/')) {
      res.writeHead(418, { 'content-type': 'application/json', 'docker-content-digest': auth }).end(echo);
    } else {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="svc",error="${auth}"` }).end(echo);
    }
  });
  const client = new RegistryClient({
    credentials: new StaticCredentialStore({ [reg]: { username: 'user', password: PASSWORD } }),
    retries: 0,
    cacheTtlMs: 0,
    env: {},
  });
  for (const path of ['basic/app', 'forbidden/app', 'weird/app', 'other/app', 'denied/app']) {
    await assert.rejects(client.resolve({ domain: reg, path, reference: 'latest' }), (e) => {
      assertNoSecret(e);
      if (process.env.SHOW_MESSAGES) {
        console.log((e as RegistryError).kind, (e as RegistryError).message);
      }
      return true;
    });
  }
  await client.close();
});
