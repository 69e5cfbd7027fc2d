import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from './helpers';

const packageVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = ['check', 'images', 'lsp'];

describe('help and version', () => {
  it('prints the program help on stdout and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const run = runCli([flag]);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: kube-image-lens <command>/);
      for (const command of COMMANDS) {
        assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'));
      }
    }
  });

  it('prints each command help on stdout and exits 0', () => {
    for (const command of COMMANDS) {
      const run = runCli([command, '--help']);
      assert.equal(run.code, 0, command);
      assert.match(run.stdout, new RegExp(`^Usage: kube-image-lens ${command} `));
      assert.equal(run.stderr, '');
    }
  });

  it('prints the package.json version for the program and every command', () => {
    for (const args of [['--version'], ['-V'], ...COMMANDS.map((command) => [command, '--version'])]) {
      const run = runCli(args);
      assert.equal(run.code, 0, args.join(' '));
      assert.equal(run.stdout, `${packageVersion}\n`);
    }
  });
});

describe('usage errors exit 2 with a message and usage on stderr', () => {
  const cases: Array<{ args: string[]; message: RegExp }> = [
    { args: [], message: /missing command/ },
    { args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
    { args: ['check', '--bogus'], message: /unknown option '--bogus'/ },
    { args: ['images', '--format', 'xml'], message: /invalid value 'xml' for --format: expected one of text, json/ },
    { args: ['check', '--format', 'yaml'], message: /invalid value 'yaml' for --format/ },
    { args: ['check', '--profile', 'production'], message: /invalid value 'production' for --profile: expected one of dev, staging, prod/ },
    { args: ['check', '--fail-on', 'warn'], message: /invalid value 'warn' for --fail-on: expected one of error, warning, info, never/ },
    { args: ['check', '--format'], message: /argument missing/ },
    { args: ['lsp'], message: /lsp needs --stdio/ },
  ];
  for (const { args, message } of cases) {
    it(`kube-image-lens ${args.join(' ')}`, () => {
      const run = runCli(args);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^kube-image-lens: /);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: kube-image-lens/);
    });
  }
});

describe('I/O errors exit 2 with one line and no stack trace', () => {
  for (const command of ['check', 'images']) {
    it(`${command} of a missing file`, () => {
      const run = runCli([command, 'examples', 'x.yaml']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, "kube-image-lens: cannot read 'x.yaml': no such file or directory\n");
      // The readable files are still reported.
      assert.match(run.stdout, /^examples\/deployment-latest\.yaml\b/m);
    });
  }

  it('a missing --config file', () => {
    const run = runCli(['check', '--config', 'nope.yaml', 'examples']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "kube-image-lens: cannot read 'nope.yaml': no such file or directory\n");
  });
});
