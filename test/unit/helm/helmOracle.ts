/**
 * Runs the real `helm template` (test/oracles) and reads its output per source template.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ValueFlags } from '../../../server/src/core/helm/values/userValues';
import { setFilePaths } from '../../../server/src/core/helm/values/userValues';
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
  setJson?: readonly string[];
  setFile?: readonly string[];
  setLiteral?: readonly string[];
  releaseName?: string;
  namespace?: string;
  /** Where helm runs: `--set-file` paths are relative to it (default: this process's). */
  cwd?: string;
}

/** The value flags of `args` as our renderer takes them, the files `--set-file` names read from `args.cwd` (a missing one left out). */
export function valueFlags(args: HelmArgs): ValueFlags {
  const cwd = args.cwd ?? process.cwd();
  const paths = (args.setFile ?? []).flatMap((expression) => setFilePaths(expression).paths);
  const readable = paths.filter((file) => existsSync(path.resolve(cwd, file)));
  return {
    set: args.set,
    setString: args.setString,
    setJson: args.setJson,
    setFile: args.setFile,
    setLiteral: args.setLiteral,
    setFileTexts: Object.fromEntries(readable.map((file) => [file, readFileSync(path.resolve(cwd, file), 'utf8')])),
  };
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
  // The reverse of the order Helm applies them in: its order goes by kind, not by position.
  const flags: [string, readonly string[] | undefined][] = [
    ['--set-literal', args.setLiteral],
    ['--set-file', args.setFile],
    ['--set-string', args.setString],
    ['--set', args.set],
    ['--set-json', args.setJson],
  ];
  for (const [flag, values] of flags) {
    for (const value of values ?? []) {
      argv.push(flag, value);
    }
  }
  if (args.namespace) {
    argv.push('--namespace', args.namespace);
  }
  const result = spawnSync(oracles().helm, argv, {
    cwd: args.cwd,
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
