/**
 * Renders template snippets with the real `helm template --debug` (which prints every
 * rendered file verbatim, even when it is not valid YAML), one throwaway chart per table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { oracles } from '../../../oracles/oracles';

export interface HelmSnippets {
  /** Template texts: rendered as c/templates/t<i>.yaml. */
  templates: string[];
  /** Chart values (written as JSON, so numbers are float64 as in any values file). */
  values?: unknown;
  /** Extra template files, e.g. { '_helpers.tpl': '…' }. */
  files?: Record<string, string>;
}

/** The raw output of each template, in order ('' when helm printed nothing for it). */
export function helmRender(input: HelmSnippets): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-helm-snippets-'));
  try {
    const chart = path.join(dir, 'c');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: "1.0"\n');
    writeFileSync(path.join(chart, 'values.yaml'), JSON.stringify(input.values ?? {}));
    input.templates.forEach((text, i) => writeFileSync(path.join(chart, 'templates', `t${i}.yaml`), text));
    for (const [name, text] of Object.entries(input.files ?? {})) {
      writeFileSync(path.join(chart, 'templates', name), text);
    }
    const result = spawnSync(oracles().helm, ['template', 'x', chart, '--debug'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const outputs = new Map<string, string>();
    const marker = /^---\n# Source: c\/templates\/(t\d+)\.yaml\n/gm;
    const stdout = result.stdout;
    const found = [...stdout.matchAll(marker)];
    found.forEach((m, i) => {
      const start = (m.index ?? 0) + m[0].length;
      const end = i + 1 < found.length ? (found[i + 1].index ?? stdout.length) : stdout.length;
      outputs.set(m[1], stdout.slice(start, end).replace(/\n$/, ''));
    });
    if (found.length === 0 && result.status !== 0) {
      throw new Error(`helm failed: ${result.stderr}`);
    }
    return input.templates.map((_, i) => outputs.get(`t${i}`) ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
