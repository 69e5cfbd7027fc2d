import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

describe('settings file with unknown keys', () => {
  it('warns on stderr with the line and a suggestion, and checks with the known keys', () => {
    const project = makeProject({
      '.kube-image-lens.yaml': 'defaultProfile: prod\nmutableTagPattern: ["main"]\n',
      'app.yaml': deployment('app', 'nginx:latest', null),
    });
    try {
      const run = runCli(['check', '--format', 'json', 'app.yaml'], { cwd: project.dir });
      assert.equal(
        run.stderr,
        'kube-image-lens: warning: .kube-image-lens.yaml:2: unknown setting "mutableTagPattern"; it is ignored (did you mean "mutableTagPatterns"?)\n',
      );
      const codes = (JSON.parse(run.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code);
      assert.deepEqual(codes, ['always-pull-latest-prod'], 'defaultProfile: prod still applies');
      assert.equal(run.code, 1);
    } finally {
      project.cleanup();
    }
  });
});
