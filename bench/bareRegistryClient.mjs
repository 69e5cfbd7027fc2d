// The floor of any Node.js program that pins by digest: the fewest requests a
// registry with token auth allows (one ping, one token for every repository,
// one manifest GET per image on kept-alive connections), with Node's built-in
// HTTP client and nothing else: no YAML, no analysis, no retries, no bundle to
// load. The registry benchmark runs it as a process beside `pin`, so the gap
// between the two is what the CLI itself costs.
//
// With `manifest` (a file path) it first loads the `yaml` package and parses that file,
// as any tool must that reads the images from it: the floor of a CLI built on `yaml`.
//
// Usage: node bench/bareRegistryClient.mjs '{"host":"127.0.0.1:5000","username":"u","password":"p","sockets":4,"images":[{"repo":"a","tag":"1"}],"manifest":"images.yaml"}'
// Prints {"digests":["sha256:…", …]} in the order of `images`.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { URL } from 'node:url';

const { host, username, password, sockets, images, manifest } = JSON.parse(process.argv[2] ?? '{}');
if (manifest !== undefined) {
  // The parser build the product's bundles ship (bench/shippedYaml.ts).
  const { parseAllDocuments } = await import(new URL('../node_modules/yaml/browser/dist/index.js', import.meta.url).href);
  parseAllDocuments(readFileSync(manifest, 'utf8'));
}
const [hostname, port] = host.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function get(client, options) {
  return new Promise((resolve, reject) => {
    client
      .get(options, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const challenge = (await get(http, { hostname, port, path: '/v2/', agent })).headers['www-authenticate'] ?? '';
const realm = new URL(/realm="([^"]+)"/.exec(challenge)?.[1] ?? '');
realm.searchParams.set('service', /service="([^"]+)"/.exec(challenge)?.[1] ?? '');
for (const image of images) {
  realm.searchParams.append('scope', `repository:${image.repo}:pull`);
}
const tokenClient = realm.protocol === 'https:' ? https : http;
const tokenResponse = await get(tokenClient, { ...urlOptions(realm), auth: `${username}:${password}`, rejectUnauthorized: false });
const { token, access_token: accessToken } = JSON.parse(tokenResponse.body.toString('utf8'));
const authorization = `Bearer ${token ?? accessToken}`;
const digests = await Promise.all(
  images.map(async ({ repo, tag }) => {
    const response = await get(http, { hostname, port, path: `/v2/${repo}/manifests/${tag}`, agent, headers: { accept: ACCEPT, authorization } });
    if (response.status !== 200) {
      throw new Error(`${repo}:${tag}: HTTP ${response.status}`);
    }
    return `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
  }),
);
agent.destroy();
process.stdout.write(`${JSON.stringify({ digests })}\n`);

function urlOptions(url) {
  return { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}` };
}
