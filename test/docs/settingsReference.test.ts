import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO_ROOT = path.resolve(__dirname, '../..');
const COMMITTED = path.join(REPO_ROOT, 'docs/settings.md');

describe('docs/settings.md', () => {
  it('is what `npm run docs` generates from package.json and the schema now', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kil-docs-'));
    try {
      const fresh = path.join(dir, 'settings.md');
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/generate-docs.mjs'), '--out', fresh]);
      assert.equal(readFileSync(COMMITTED, 'utf8'), readFileSync(fresh, 'utf8'), 'docs/settings.md is stale: run `npm run docs` and commit it');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every contributed setting and command, and the README links to it', () => {
    const reference = readFileSync(COMMITTED, 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: Array<{ properties: Record<string, unknown> }>; commands: Array<{ command: string }> };
    };
    const ids = [...manifest.contributes.configuration.flatMap((section) => Object.keys(section.properties)), ...manifest.contributes.commands.map((c) => c.command)];
    assert.ok(ids.length > 20);
    assert.deepEqual(ids.filter((id) => !reference.includes(`\`${id}\``)), []);
    assert.match(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'), /\]\(docs\/settings\.md\)/);
  });
});
