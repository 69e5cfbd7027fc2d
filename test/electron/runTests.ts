/**
 * `npm run test:electron`: the extension-host suite (test/electron/suite) in
 * a downloaded VS Code via @vscode/test-electron. Where VS Code cannot be
 * downloaded (offline machines) it prints why and exits 0; the code-server
 * e2e tests (`npm run test:e2e`) cover the same scenarios there.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SilentReporter, downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { FIXTURE_WORKSPACE, REPO_ROOT } from '../e2e/harness/paths';
import { PIN_IMAGE_LINE, pinFixture, startPinRegistry } from '../e2e/pinRegistry';

/** The VS Code the e2e tests also use (code-server 4.100.3). */
const VSCODE_VERSION = '1.100.3';
const CACHE_DIR = join(process.env.KIL_CACHE_DIR ?? join(homedir(), '.cache', 'kube-image-lens'), 'vscode-test');
const SUITE_BUNDLE = join(REPO_ROOT, 'out', 'test-electron', 'suite.js');

async function main(): Promise<number> {
  if (process.env.KIL_SKIP_E2E === '1') {
    console.log('skipped: VS Code extension-host tests (KIL_SKIP_E2E=1 is set)');
    return 0;
  }
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: CACHE_DIR,
      timeout: 10_000,
      reporter: new SilentReporter(),
    });
  } catch (error) {
    console.log(`skipped: cannot download VS Code (no internet): ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.KIL_UNDER_XVFB) {
    return rerunUnderXvfb();
  }

  run('npm', ['run', 'build']);
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'test', 'electron', 'suite', 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });

  const root = mkdtempSync(join(tmpdir(), 'kil-electron-'));
  const workspace = join(root, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const registry = await startPinRegistry();
  const env: Record<string, string> = {};
  if ('reg' in registry) {
    writeFileSync(join(workspace, 'pin.yaml'), pinFixture(registry.image));
    Object.assign(env, { KIL_PIN_IMAGE: registry.image, KIL_PIN_DIGEST: registry.digest, KIL_PIN_LINE: String(PIN_IMAGE_LINE) });
    // A machine-scoped setting, so it goes into the test profile's user settings.
    writeUserSettings(join(root, 'user-data', 'User'), { 'kubeImageLens.registry.insecureRegistries': [registry.reg.host] });
  } else {
    env.KIL_PIN_UNAVAILABLE = registry.unavailable;
  }
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_BUNDLE,
      extensionTestsEnv: env,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(root, 'user-data')],
    });
    return 0;
  } catch (error) {
    console.error(`VS Code extension-host tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if ('reg' in registry) {
      await registry.reg.stop();
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function writeUserSettings(dir: string, settings: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.status}`);
  }
}

/** Electron needs a display; on a headless Linux box run this script again under xvfb-run. */
function rerunUnderXvfb(): number {
  const result = spawnSync('xvfb-run', ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, KIL_UNDER_XVFB: '1' },
  });
  if (result.error) {
    console.error('VS Code needs a display: install xvfb (apt-get install -y xvfb) or set DISPLAY.');
    return 1;
  }
  return result.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
