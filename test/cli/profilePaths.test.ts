import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { deployment, makeProject, runCli } from './helpers';

interface ImagesOutput {
  images: Array<{ file: string; profile: { name: string; reason: string } }>;
}

const profiles = (stdout: string) => (JSON.parse(stdout) as ImagesOutput).images.map((image) => [image.file, image.profile.name, image.profile.reason]);

describe('profile words are matched on the path relative to the project root', () => {
  const project = makeProject({
    'prod/repo/release/productcatalogservice.yaml': deployment('catalog', 'nginx:latest', null),
    'prod/repo/overlays/prod/web.yaml': deployment('web', 'nginx:latest', null),
    'work/.keep': '',
  });
  after(project.cleanup);

  it('folders above the working directory never decide; words inside names do not count', () => {
    const run = runCli(['images', '--format', 'json'], { cwd: path.join(project.dir, 'prod/repo') });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(profiles(run.stdout), [
      ['overlays/prod/web.yaml', 'prod', 'the path has the word `prod` (built-in rule)'],
      ['release/productcatalogservice.yaml', 'staging', 'the default profile: no comment, pattern or path word decides'],
    ]);
  });

  it('a file outside the working directory is matched relative to the directory named on the command line', () => {
    const run = runCli(['images', '--format', 'json', '../prod/repo'], { cwd: path.join(project.dir, 'work') });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      profiles(run.stdout).map(([file, profile]) => [file, profile]),
      [
        ['../prod/repo/overlays/prod/web.yaml', 'prod'],
        ['../prod/repo/release/productcatalogservice.yaml', 'staging'],
      ],
    );
  });

  it('check: productcatalogservice.yaml is judged like its siblings, not as prod', () => {
    const run = runCli(['check', '--format', 'json', 'release'], { cwd: path.join(project.dir, 'prod/repo') });
    assert.equal(run.code, 0, run.stdout);
  });

  it('images text output says which rule chose the profile', () => {
    const run = runCli(['images', 'overlays'], { cwd: path.join(project.dir, 'prod/repo') });
    assert.match(run.stdout, /^overlays\/prod\/web\.yaml {2}profile prod: the path has the word 'prod' \(built-in rule\)$/m);
  });
});
