import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { helmDeploymentTemplate, deployment as manifestDeployment } from '../fixtures/manifests';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO_ROOT, 'out/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (built by `npm test` before the tests) as a user would. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '', ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Like `runCli`, without blocking the event loop: needed whenever a server the
 * CLI talks to (registry harness, token server) lives in this test process.
 */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary directory filled with `files` (relative path → content); removed by the returned function. */
export function makeProject(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-cli-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Deployment with one container named `name`; `policy` null leaves imagePullPolicy out. */
export function deployment(name: string, image: string, policy: string | null): string {
  return manifestDeployment(image, policy, name);
}

/** A one-container chart under `chart/` (its template: helmDeploymentTemplate); `tagComment`, when given, is a comment line above the tag. */
export function webChartFiles(repository: string, tag: string, tagComment?: string): Record<string, string> {
  return {
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0"\n',
    'chart/values.yaml': `image:\n  repository: ${repository}\n${tagComment === undefined ? '' : `  # ${tagComment}\n`}  tag: ${tag}\n  pullPolicy: IfNotPresent\n`,
    'chart/templates/deployment.yaml': helmDeploymentTemplate(),
  };
}
