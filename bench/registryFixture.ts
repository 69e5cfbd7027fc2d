/**
 * The registry benchmark's world: a token-auth harness registry behind a
 * counting (fault-free) proxy, N small single-platform images in N
 * repositories (so N token scopes), a manifest naming each image twice, and a
 * Docker config with the test user's credentials for the proxy's host.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { concurrencyLimit } from '../server/src/cli/registry/concurrencyLimit';
import { startFaultProxy } from '../test/registry/harness/faultProxy';
import type { FaultProxy } from '../test/registry/harness/faultProxy';
import { pushImage } from '../test/registry/harness/push';
import { startRegistry } from '../test/registry/harness/registry';
import type { RunningRegistry } from '../test/registry/harness/registry';

export interface BenchImage {
  repo: string;
  tag: string;
  digest: string;
}

export interface RegistryFixture {
  registry: RunningRegistry;
  proxy: FaultProxy;
  images: BenchImage[];
  credentials: { username: string; password: string };
  dir: string;
  /** Images named through the counting proxy (for request counts). */
  manifestFile: string;
  /** The same images named at the registry itself (for timing, without the in-process proxy's cost). */
  directManifestFile: string;
  /** Image occurrences in the manifest (each image twice, to show identical references are looked up once). */
  occurrences: number;
  /** Directory holding config.json, for DOCKER_CONFIG. */
  dockerConfigDir: string;
  stop(): Promise<void>;
}

const TAG = '1.0';
const PUSH_CONCURRENCY = 8;

function deployment(index: number, image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${index}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: ${image}`,
    '        - name: sidecar',
    `          image: ${image}`,
    '',
  ].join('\n');
}

export async function startRegistryFixture(count: number): Promise<RegistryFixture> {
  const registry = await startRegistry({ auth: 'token' });
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-bench-registry-'));
  let proxy: FaultProxy | null = null;
  try {
    proxy = await startFaultProxy(registry, { kind: 'none' });
    const limit = concurrencyLimit(PUSH_CONCURRENCY);
    const images = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        limit(async () => {
          // Distinct repositories, so each lookup needs its own token scope.
          const repo = `bench/app-${String(index).padStart(3, '0')}`;
          const pushed = await pushImage(registry, { repo, tag: TAG, format: 'docker', seed: repo });
          return { repo, tag: TAG, digest: pushed.digest };
        }),
      ),
    );
    const credentials = registry.users[0];
    if (!credentials) {
      throw new Error('the token registry has no user');
    }
    const host = proxy.host;
    const writeManifest = (name: string, imageHost: string): string => {
      const file = path.join(dir, name);
      writeFileSync(file, images.map((image, index) => deployment(index, `${imageHost}/${image.repo}:${image.tag}`)).join('---\n'));
      return file;
    };
    const manifestFile = writeManifest('images.yaml', host);
    const directManifestFile = writeManifest('images-direct.yaml', registry.host);
    const dockerConfigDir = path.join(dir, 'docker');
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    mkdirSync(dockerConfigDir);
    writeFileSync(path.join(dockerConfigDir, 'config.json'), JSON.stringify({ auths: { [host]: { auth }, [registry.host]: { auth } } }));
    const running = proxy;
    return {
      registry,
      proxy: running,
      images,
      credentials,
      dir,
      manifestFile,
      directManifestFile,
      occurrences: images.length * 2,
      dockerConfigDir,
      async stop() {
        await running.stop();
        await registry.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proxy?.stop();
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
