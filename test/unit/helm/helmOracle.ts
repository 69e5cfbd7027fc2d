/**
 * Runs the real `helm template` (test/oracles) and reads its output per source template.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { oracles } from '../../oracles/oracles';

export interface HelmRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface HelmArgs {
  valuesFiles?: readonly string[];
  set?: readonly string[];
  setString?: readonly string[];
  releaseName?: string;
  namespace?: string;
}

export function helmTemplate(chartDir: string, args: HelmArgs = {}): HelmRun {
  const argv = ['template'];
  if (args.releaseName) {
    argv.push(args.releaseName);
  }
  argv.push(chartDir);
  for (const file of args.valuesFiles ?? []) {
    argv.push('--values', file);
  }
  for (const set of args.set ?? []) {
    argv.push('--set', set);
  }
  for (const set of args.setString ?? []) {
    argv.push('--set-string', set);
  }
  if (args.namespace) {
    argv.push('--namespace', args.namespace);
  }
  const result = spawnSync(oracles().helm, argv, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, HELM_CACHE_HOME: path.join(tmpdir(), 'kil-helm-cache'), HELM_CONFIG_HOME: path.join(tmpdir(), 'kil-helm-config'), HELM_DATA_HOME: path.join(tmpdir(), 'kil-helm-data') },
  });
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** `helm template` output split by its `# Source:` comments: template name → documents' text. */
export function outputBySource(stdout: string): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const document of stdout.split(/^---$/m)) {
    const match = /^# Source: (.+)$/m.exec(document);
    if (!match) {
      continue;
    }
    const name = (match[1] as string).trim();
    const list = bySource.get(name) ?? [];
    list.push(document.slice((match.index ?? 0) + match[0].length + 1));
    bySource.set(name, list);
  }
  return bySource;
}

const tempRoots: string[] = [];
// Charts live until the test process ends: callers hand their paths to helm and the analyser in several steps.
process.on('exit', () => {
  for (const root of tempRoots) {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Writes a chart described as path → text into a fresh temporary folder (removed when the process exits); returns the chart folder. */
export function writeTempChart(files: Record<string, string>, name = 'chart'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kil-helm-'));
  tempRoots.push(root);
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
