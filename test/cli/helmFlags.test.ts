/**
 * The CLI's `helm template` flags (`--values`, `--set`, `--set-string`, `--set-json`,
 * `--set-file`, `--set-literal`, `--release-name`, `--namespace`): with any of them a chart is rendered exactly once, and every container's
 * image and effective pull policy equal the real `helm template`'s with the same flags.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { oracles, oracleSkipReason } from '../oracles/oracles';
import { pushImage } from '../registry/harness/push';
import { startRegistry } from '../registry/harness/registry';
import type { RunningRegistry } from '../registry/harness/registry';
import { helmRows } from '../unit/helm/compareImages';
import type { HelmArgs } from '../unit/helm/helmOracle';
import { helmTemplate } from '../unit/helm/helmOracle';
import { REPO_ROOT, deployment, makeProject, runCli, runCliAsync, webChartFiles } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/helm');

interface ImageJson {
  file: string;
  source: string;
  environment: string | null;
  image: string;
  containerPath: string;
  resource: { kind: string | null };
  origin: { file: string };
  pullPolicy: { effective: string | null };
}

interface Case {
  chart: string;
  /** Values files relative to the chart folder. */
  values?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setLiteral?: string[];
  releaseName?: string;
  namespace?: string;
}

const CASES: Case[] = [
  { chart: 'scaffold', values: ['values-prod.yaml'] },
  { chart: 'scaffold', values: ['values-dev.yaml', 'values-prod.yaml'], set: ['image.tag=latest'], releaseName: 'ci-run' },
  { chart: 'scaffold', setString: ['image.tag=1.10'], namespace: 'shop' },
  { chart: 'bitnami-style', values: ['values-prod.yaml'], set: ['global.imageRegistry=mirror.example.com', 'metrics.enabled=true'] },
  { chart: 'bitnami-style', setString: ['image.tag=16.10'], releaseName: 'db' },
  { chart: 'grafana-style', values: ['values-dev.yaml'], set: ['image.tag=11.2.0'], releaseName: 'graf' },
  { chart: 'argo-style', set: ['global.image.tag=v2.13.0'], releaseName: 'argo-ci', namespace: 'argocd' },
  { chart: 'dns-style', values: ['values-prod.yaml', 'values-dev.yaml'], setString: ['image.tag=0.15'] },
  { chart: 'monitoring-stack', values: ['values-prod.yaml'], releaseName: 'mon' },
  { chart: 'ingress-style', values: ['values-dev.yaml'], set: ['controller.image.pullPolicy=Always'] },
  // --set-json numbers are float64: the tag prints 1.1.
  { chart: 'scaffold', setJson: ['image.tag=1.10'] },
  { chart: 'bitnami-style', setJson: ['{"global":{"imageRegistry":"mirror.example.com"},"metrics":{"enabled":true}}'], setLiteral: ['image.tag=16.10'] },
  // The kind decides, not the position: --set-literal over --set over --set-json over the values file.
  { chart: 'scaffold', values: ['values-prod.yaml'], setLiteral: ['image.tag=literal'], set: ['image.tag=set', 'image.pullPolicy=Never'], setJson: ['image.tag="json"', 'image.pullPolicy="Always"'] },
];

/** Our flags for a case; values files by absolute path, as a CI job would often pass them. */
function cliFlags(chartDir: string, args: Case): string[] {
  return [
    ...(args.values ?? []).flatMap((file) => ['--values', path.join(chartDir, file)]),
    ...(args.set ?? []).flatMap((set) => ['--set', set]),
    ...(args.setString ?? []).flatMap((set) => ['--set-string', set]),
    ...(args.setLiteral ?? []).flatMap((set) => ['--set-literal', set]),
    ...(args.setJson ?? []).flatMap((set) => ['--set-json', set]),
    ...(args.releaseName ? ['--release-name', args.releaseName] : []),
    ...(args.namespace ? ['--namespace', args.namespace] : []),
  ];
}

function helmArgs(chartDir: string, args: Case): HelmArgs {
  return { ...args, valuesFiles: (args.values ?? []).map((file) => path.join(chartDir, file)) };
}

/** `template Kind containerPath image policy`, the template from its `templates/` folder on (Helm names an aliased subchart's by its alias). */
function rowKey(template: string, kind: string | null, containerPath: string, image: string, policy: string | null): string {
  return `${template.slice(template.lastIndexOf('templates/'))} ${String(kind)} ${containerPath} ${image} ${String(policy)}`;
}

function helmImages(images: readonly ImageJson[]): ImageJson[] {
  return images.filter((image) => image.source === 'helm');
}

function imagesJson(args: readonly string[], cwd: string): ImageJson[] {
  const run = runCli(['images', '--format', 'json', ...args], { cwd });
  assert.equal(run.code, 0, run.stderr);
  return helmImages((JSON.parse(run.stdout) as { images: ImageJson[] }).images);
}

describe('images with helm template flags agrees with the real helm', { skip: oracleSkipReason() }, () => {
  for (const each of CASES) {
    const label = `${each.chart} ${cliFlags('', each).join(' ')}`;
    test(label, () => {
      const chartDir = path.join(FIXTURES, each.chart);
      const helm = helmTemplate(chartDir, helmArgs(chartDir, each));
      assert.ok(helm.ok, helm.stderr);
      const theirs = helmRows(helm.stdout).map((row) => rowKey(row.source, row.resource.split('/')[0] ?? null, row.containerPath, row.image, row.policy));
      const images = imagesJson(['.', ...cliFlags(chartDir, each)], chartDir);
      const ours = images.map((image) => rowKey(image.origin.file, image.resource.kind, image.containerPath, image.image, image.pullPolicy.effective));
      assert.ok(theirs.length > 0, 'helm renders containers');
      assert.deepEqual(ours.sort(), theirs.sort());
      // Exactly one rendering, named after the last values file, else `cli`.
      const last = each.values?.[each.values.length - 1];
      const expected = last ? last.replace(/^values-/, '').replace(/\.yaml$/, '') : 'cli';
      assert.deepEqual([...new Set(images.map((image) => image.environment))], [expected]);
    });
  }

  test('a values file outside the chart is read, and named as its environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kil-helm-flags-'));
    try {
      const file = path.join(dir, 'staging.yaml');
      writeFileSync(file, 'image:\n  tag: "3.0"\n  pullPolicy: Always\n');
      const chartDir = path.join(FIXTURES, 'scaffold');
      const helm = helmTemplate(chartDir, { valuesFiles: [file] });
      assert.ok(helm.ok, helm.stderr);
      const images = imagesJson([chartDir, '--values', file], dir);
      assert.deepEqual(
        images.map((image) => `${image.image} ${String(image.pullPolicy.effective)}`).sort(),
        helmRows(helm.stdout).map((row) => `${row.image} ${row.policy}`).sort(),
      );
      assert.ok(images.every((image) => image.environment === 'staging'));
      // The chart was named by its absolute path, so files found outside it are shown absolute too.
      assert.ok(images.some((image) => image.file === file), 'the tag is reported where it is set');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--set-file reads its file from the working directory, its whole text the value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kil-helm-flags-'));
    try {
      // The trailing newline stays part of the value: inside the template's double quotes YAML folds it to a space.
      writeFileSync(path.join(dir, 'tag.txt'), '2.0\n');
      writeFileSync(path.join(dir, 'policy.txt'), 'Always');
      const chartDir = path.join(FIXTURES, 'scaffold');
      const setFile = ['image.tag=tag.txt', 'image.pullPolicy=policy.txt'];
      const helm = helmTemplate(chartDir, { setFile, cwd: dir });
      assert.ok(helm.ok, helm.stderr);
      const images = imagesJson([chartDir, ...setFile.flatMap((flag) => ['--set-file', flag])], dir);
      const rows = helmRows(helm.stdout).map((row) => `${JSON.stringify(row.image)} ${row.policy}`);
      assert.ok(rows.includes(`${JSON.stringify('ghcr.io/example/webapp:2.0 ')} Always`), rows.join('; '));
      assert.deepEqual(images.map((image) => `${JSON.stringify(image.image)} ${String(image.pullPolicy.effective)}`).sort(), rows.sort());
      assert.ok(images.every((image) => image.environment === 'cli'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without the flags every environment is rendered, as before', () => {
    const environments = new Set(imagesJson(['.'], path.join(FIXTURES, 'scaffold')).map((image) => image.environment));
    assert.deepEqual([...environments].sort(), ['default', 'dev', 'prod']);
  });
});

describe('check and usage with helm template flags', () => {
  let project: { dir: string; cleanup: () => void };
  before(() => {
    project = makeProject({
      ...webChartFiles('ghcr.io/shop/web', '"1.4.2"'),
      'envs/values-prod.yaml': 'image:\n  tag: latest\n',
      'manifests/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n',
      'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\n',
      'overlay/app.yaml': deployment('app', 'ghcr.io/shop/app:latest', 'IfNotPresent'),
    });
  });
  after(() => project?.cleanup());

  test('check: 0 as the chart is, 1 with --set image.tag=latest, the finding names the cli environment', () => {
    // The cli environment takes the default profile (staging), where a cached latest is a warning.
    assert.equal(runCli(['check', '--fail-on', 'warning', 'chart'], { cwd: project.dir }).code, 0);
    assert.equal(runCli(['check', 'chart', '--set', 'image.tag=latest'], { cwd: project.dir }).code, 0);
    const run = runCli(['check', '--fail-on', 'warning', '--format', 'json', 'chart', '--set', 'image.tag=latest'], { cwd: project.dir });
    assert.equal(run.code, 1, run.stderr);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ code: string; message: string; file: string }> };
    const cached = diagnostics.filter((finding) => finding.code === 'latest-tag-cached');
    assert.equal(cached.length, 1, run.stdout);
    assert.match(cached[0]?.message ?? '', /\[cli: /);
  });

  test('check: the tag from --set-json, --set-literal or --set-file counts as from --set', () => {
    writeFileSync(path.join(project.dir, 'latest.txt'), 'latest');
    for (const flags of [['--set-json', 'image.tag="latest"'], ['--set-json', '{"image":{"tag":"latest"}}'], ['--set-literal', 'image.tag=latest'], ['--set-file', 'image.tag=latest.txt']]) {
      const run = runCli(['check', '--fail-on', 'warning', '--format', 'json', 'chart', ...flags], { cwd: project.dir });
      assert.equal(run.code, 1, `${flags.join(' ')}: ${run.stderr}`);
      const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ code: string; message: string }> };
      assert.match(diagnostics.find((finding) => finding.code === 'latest-tag-cached')?.message ?? '', /\[cli: /, flags.join(' '));
    }
  });

  test('check --profile decides the profile of a chart rendering and of an overlay, as of any file', () => {
    // latest with IfNotPresent: a warning under the default profile (staging), an error in prod.
    for (const args of [['chart', '--set', 'image.tag=latest'], ['overlay']]) {
      assert.equal(runCli(['check', ...args], { cwd: project.dir }).code, 0, args.join(' '));
      const run = runCli(['check', '--profile', 'prod', ...args], { cwd: project.dir });
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    }
  });

  test('check: a --values file outside the chart decides, and its name gives the environment and profile', () => {
    const run = runCli(['check', '--format', 'json', 'chart', '--values', 'envs/values-prod.yaml'], { cwd: project.dir });
    assert.equal(run.code, 1, run.stderr);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ code: string; message: string; file: string }> };
    const cached = diagnostics.find((finding) => finding.code === 'latest-tag-cached');
    assert.equal(cached?.file, 'envs/values-prod.yaml', run.stdout);
    assert.match(cached?.message ?? '', /\[prod: /);
  });

  test('a missing values file stops with status 2 and names it', () => {
    for (const command of ['images', 'check', 'pin']) {
      const run = runCli([command, 'chart', '--values', 'envs/nope.yaml'], { cwd: project.dir });
      assert.equal(run.code, 2, command);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /cannot read values file 'envs\/nope\.yaml': no such file or directory/);
    }
  });

  test('an unreadable --set-file file stops with status 2 and names it, as Helm words it', () => {
    for (const command of ['images', 'check', 'pin']) {
      const run = runCli([command, 'chart', '--set-file', 'image.tag=envs/nope.txt'], { cwd: project.dir });
      assert.equal(run.code, 2, command);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /failed parsing --set-file data: open envs\/nope\.txt: no such file or directory/);
    }
  });

  test('each command lists the flags in its help', () => {
    for (const command of ['images', 'check', 'pin']) {
      const help = runCli([command, '--help']).stdout;
      const flags = ['--values <file>', '--set <key=value>', '--set-string <key=value>', '--set-json <key=json>', '--set-file <key=path>', '--set-literal <key=value>'];
      for (const flag of [...flags, '--release-name <name>', '-n, --namespace <ns>']) {
        assert.ok(help.includes(flag), `${command}: ${flag}`);
      }
    }
  });

  test('values Helm would refuse stop with status 2 and its message', () => {
    const url = runCli(['images', 'chart', '--values', 'https://example.com/values.yaml'], { cwd: project.dir });
    assert.equal(url.code, 2);
    assert.match(url.stderr, /read from disk only/);
    const run = runCli(['images', 'chart', '--set', 'image.tag={a,b'], { cwd: project.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /failed parsing --set data/);
    const json = runCli(['images', 'chart', '--set-json', 'image.tag=latest'], { cwd: project.dir });
    assert.equal(json.code, 2);
    assert.match(json.stderr, /failed parsing --set-json data image\.tag=latest/);
    const literal = runCli(['images', 'chart', '--set-literal', 'image.tag'], { cwd: project.dir });
    assert.equal(literal.code, 2);
    assert.match(literal.stderr, /failed parsing --set-literal data: key "tag" has no value/);
    const name = runCli(['images', 'chart', '--release-name', 'Not_Valid'], { cwd: project.dir });
    assert.equal(name.code, 2);
    assert.match(name.stderr, /invalid value 'Not_Valid' for --release-name/);
  });

  test('no chart under the paths is a usage error; a path without a chart beside one is a warning', () => {
    const none = runCli(['check', 'manifests', '--set', 'image.tag=latest'], { cwd: project.dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /apply to Helm charts, and no chart .* is under 'manifests'/);
    const mixed = runCli(['images', 'chart', 'manifests', '--set', 'image.tag=latest'], { cwd: project.dir });
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stderr, /warning: 'manifests' holds no Helm chart \(Chart\.yaml\)/);
    assert.match(mixed.stdout, /nginx:1\.27/);
  });
});

describe('pin --write with the tag from a value flag', () => {
  let project: { dir: string; cleanup: () => void };
  before(() => {
    project = makeProject({ ...webChartFiles('ghcr.io/shop/web', '"1.4.2"'), 'prod.yaml': 'image:\n  pullPolicy: Always\n', 'latest.txt': 'latest' });
  });
  after(() => project?.cleanup());

  test('skips the image, as for --set: no values file holds the tag, and none is written', () => {
    const files = ['chart/values.yaml', 'prod.yaml', 'latest.txt'];
    const before = files.map((file) => readFileSync(path.join(project.dir, file), 'utf8'));
    const forms = [['--set', 'image.tag=latest'], ['--set-json', 'image.tag="latest"'], ['--set-json', '{"image":{"tag":"latest"}}'], ['--set-literal', 'image.tag=latest'], ['--set-file', 'image.tag=latest.txt']];
    for (const flags of forms) {
      // Skipped before any lookup: no registry is needed.
      const run = runCli(['pin', '--write', 'chart', '--values', 'prod.yaml', ...flags], { cwd: project.dir });
      assert.equal(run.code, 0, `${flags.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /skipped 'ghcr\.io\/shop\/web:latest': there is no place in the workspace that writes this image/, flags.join(' '));
      assert.match(run.stdout + run.stderr, /0 pinned, 0 already pinned, 0 failed, 1 skipped/);
      assert.deepEqual(files.map((file) => readFileSync(path.join(project.dir, file), 'utf8')), before, flags.join(' '));
    }
  });
});

describe('pin --write with --values', { skip: oracleSkipReason() }, () => {
  let reg: RunningRegistry;
  let project: { dir: string; cleanup: () => void };
  let digest: string;

  before(async () => {
    reg = await startRegistry({});
    digest = (await pushImage(reg, { repo: 'shop/web', tag: 'latest', format: 'docker' })).digest;
    project = makeProject({
      ...webChartFiles(`${reg.host}/shop/web`, 'latest'),
      'prod.yaml': '# production\nimage:\n  pullPolicy: Always\n',
    });
  });
  after(async () => {
    await reg?.stop();
    project?.cleanup();
  });

  test('writes the pin into the given values file that sets the tag, the winner among those given', async () => {
    const chartDir = path.join(project.dir, 'chart');
    const files = ['tagged.yaml', 'policy.yaml'].map((name) => path.join(project.dir, name));
    writeFileSync(files[0] as string, 'image:\n  tag: latest # ci\n');
    writeFileSync(files[1] as string, 'image:\n  pullPolicy: Always\n');
    const untouched = ['chart/values.yaml', 'policy.yaml'].map((file) => readFileSync(path.join(project.dir, file), 'utf8'));
    const run = await runCliAsync(['pin', '--write', 'chart', '--values', 'tagged.yaml,policy.yaml'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(files[0] as string, 'utf8'), `image:\n  tag: latest@${digest} # ci\n`);
    assert.deepEqual(
      ['chart/values.yaml', 'policy.yaml'].map((file) => readFileSync(path.join(project.dir, file), 'utf8')),
      untouched,
    );
    const pinned = execFileSync(oracles().helm, ['template', chartDir, '--values', files.join(',')], { encoding: 'utf8' });
    assert.match(pinned, new RegExp(`image: "${reg.host}/shop/web:latest@${digest}"`));
  });

  test('writes the pin into the given values file, not values.yaml, and helm renders it pinned', async () => {
    const valuesBefore = readFileSync(path.join(project.dir, 'chart/values.yaml'), 'utf8');
    const prod = path.join(project.dir, 'prod.yaml');
    const run = await runCliAsync(['pin', '--write', 'chart', '--values', 'prod.yaml'], { cwd: project.dir });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(path.join(project.dir, 'chart/values.yaml'), 'utf8'), valuesBefore);
    const written = readFileSync(prod, 'utf8');
    assert.match(written, /^# production\n/);
    assert.match(written, new RegExp(`tag: latest@${digest}`));
    const chartDir = path.join(project.dir, 'chart');
    const pinned = execFileSync(oracles().helm, ['template', chartDir, '--values', prod], { encoding: 'utf8' });
    assert.match(pinned, new RegExp(`image: "${reg.host}/shop/web:latest@${digest}"`));
    const plain = execFileSync(oracles().helm, ['template', chartDir], { encoding: 'utf8' });
    assert.match(plain, new RegExp(`image: "${reg.host}/shop/web:latest"`));
  });
});
