/** `check` and `images` over a tree with an unreadable folder and file: the rest is reported, the failures are named, exit 2. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCKED_FILE, LOCKED_FOLDER, READABLE, RUN_AS_NOBODY, lockDown } from '../preloads/unreadableWorkspace';
import { deployment, makeProject, runCli } from './helpers';

describe('CLI over a tree with an unreadable folder', () => {
  const project = makeProject(
    Object.fromEntries([...READABLE, `${LOCKED_FOLDER}/hidden.yaml`, LOCKED_FILE].map((relative) => [relative, deployment('web', `example.com/${relative}:latest`, null)])),
  );
  before(() => lockDown(project.dir));
  after(project.cleanup);

  const asNobody = { cwd: project.dir, env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${RUN_AS_NOBODY}` } };

  for (const command of ['images', 'check'] as const) {
    for (const jobs of ['1', '2']) {
      test(`${command} --jobs ${jobs} reports every readable file, names the failed paths on stderr and exits 2`, () => {
        const run = runCli([command, '--format', 'json', '--jobs', jobs], asNobody);
        assert.equal(run.code, 2, run.stderr);
        assert.deepEqual(run.stderr.split('\n').filter((line) => line !== ''), [
          `kube-image-lens: cannot read directory '${LOCKED_FOLDER}': permission denied`,
          `kube-image-lens: cannot read '${LOCKED_FILE}': permission denied`,
        ]);
        // The oracle: the same command on the readable files alone, as root.
        const readableOnly = runCli([command, '--format', 'json', '--jobs', jobs, ...READABLE], { cwd: project.dir });
        const { errors, ...listed } = JSON.parse(run.stdout) as { errors: Array<{ path: string }> };
        assert.deepEqual({ ...listed, errors: [] }, JSON.parse(readableOnly.stdout));
        assert.deepEqual(
          errors.map((error) => error.path),
          [LOCKED_FOLDER, LOCKED_FILE],
        );
        assert.ok(readableOnly.stdout.includes(READABLE[1]));
      });
    }
  }
});
