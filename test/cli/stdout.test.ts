/** How the CLI writes its report: in few system calls to a pipe, and in order with what it says on stderr. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CLI, deployment, makeProject, runCli } from './helpers';

const FILES = 300;
const COUNT_WRITES = pathToFileURL(path.resolve(__dirname, '../preloads/countStdoutWrites.mjs')).href;

describe('CLI standard output', () => {
  const project = makeProject({
    ...Object.fromEntries(Array.from({ length: FILES }, (_, index) => [`apps/app-${String(index).padStart(3, '0')}.yaml`, deployment(`app-${index}`, `registry.example/app-${index}:latest`, null)])),
    // The parser stops at the unclosed quote: a warning on stderr between a.yaml's findings and c.yaml's.
    'order/a.yaml': deployment('a', 'nginx:latest', 'IfNotPresent'),
    'order/b.yaml': ['apiVersion: v1', 'kind: Pod', 'metadata: {name: b}', 'spec:', '  containers:', '  - name: b', '    image: nginx:latest', '    imagePullPolicy: IfNotPresent', '  - name: c', '    image: "unclosed', ''].join('\n'),
    'order/c.yaml': deployment('c', 'nginx:latest', 'IfNotPresent'),
  });
  after(project.cleanup);

  for (const jobs of ['1', '2']) {
    it(`a JSON report of ${FILES} files to a pipe takes a few writes, not one per line (--jobs ${jobs})`, () => {
      const countFile = path.join(project.dir, `writes-${jobs}.txt`);
      const run = runCli(['check', '--format', 'json', '--fail-on', 'never', '--jobs', jobs, 'apps'], {
        cwd: project.dir,
        env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${COUNT_WRITES}`, KIL_STDOUT_WRITES: countFile },
      });
      assert.equal(run.code, 0, run.stderr);
      const diagnostics = (JSON.parse(run.stdout) as { diagnostics: Array<{ file: string }> }).diagnostics;
      assert.equal(new Set(diagnostics.map((diagnostic) => diagnostic.file)).size, FILES);
      const writes = Number(readFileSync(countFile, 'utf8'));
      assert.ok(writes >= 1 && writes <= FILES / 10, `${writes} writes for ${diagnostics.length} diagnostics`);
    });
  }

  it('stdout and stderr sent to one file keep their order (a CI log)', () => {
    const log = path.join(project.dir, 'merged.log');
    const fd = openSync(log, 'w');
    try {
      spawnSync(process.execPath, [CLI, 'check', '--fail-on', 'never', 'order'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const merged = readFileSync(log, 'utf8');
    const at = (text: string): number => {
      const index = merged.indexOf(text);
      assert.ok(index >= 0, `'${text}' in:\n${merged}`);
      return index;
    };
    assert.ok(at('order/a.yaml\n') < at('the YAML parser stopped here'), merged);
    assert.ok(at('the YAML parser stopped here') < at('order/b.yaml\n'), merged);
    assert.ok(at('order/b.yaml\n') < at('order/c.yaml\n'), merged);
  });
});
