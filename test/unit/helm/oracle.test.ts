/**
 * Every container of every test chart, for every value set (the chart's defaults, each
 * environment values file, a `--set`), must have the same image and effective pull policy
 * as the real `helm template` renders: 100%, nothing unknown, nothing extra.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { discoverEnvironments } from '../../../server/src/core/helm/environments';
import { oracleSkipReason } from '../../oracles/oracles';
import { readChartDir } from './chartDir';
import { compareChart } from './compareImages';
import type { HelmArgs } from './helmOracle';
import { writeTempChart } from './helmOracle';

const FIXTURES = path.resolve(__dirname, '../../fixtures/helm');

/** Charts the real helm refuses on purpose (tested in dependencies.test.ts). */
const NOT_RENDERABLE = new Set(['missing-deps', 'shared-lib']);

/** One `--set` run per chart, exercising list indexes, typing and subchart keys. */
const SETS: Record<string, HelmArgs> = {
  scaffold: { set: ['image.tag=2.5.0', 'image.pullPolicy=null'], releaseName: 'web' },
  'bitnami-style': { set: ['global.imageRegistry=mirror.local:5000', 'image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'metrics.enabled=true'] },
  'ingress-style': { set: ['controller.image.chroot=true', 'controller.image.digestChroot=', 'defaultBackend.enabled=true', 'defaultBackend.image.tag=1.6'] },
  'cert-style': { set: ['image.tag=v1.15.0', 'webhook.image.digest=sha256:2222222222222222222222222222222222222222222222222222222222222222'], setString: ['cainjector.image.tag=1.0'] },
  'argo-style': { set: ['global.image.tag=v2.10.0', 'redis.exporter.enabled=true', 'dex.image.imagePullPolicy=Never'] },
  'grafana-style': { set: ['image.sha=abc', 'persistence.enabled=true', 'initChownData.image.tag=1.36'] },
  'traefik-style': { set: ['image.tag=v3.0.0', 'deployment.additionalContainers[0].name=sidecar', 'deployment.additionalContainers[0].image=nginx'] },
  'dns-style': { set: ['provider.name=webhook', 'provider.webhook.image.repository=example/webhook', 'provider.webhook.image.tag=1000000'] },
  'metrics-style': { set: ['image.tag=1000000', 'addonResizer.enabled=true'] },
  'monitoring-stack': { set: ['grafana.sidecar.enabled=true', 'kubeStateMetrics.enabled=false', 'prometheus-node-exporter.image.digest=sha256:3333333333333333333333333333333333333333333333333333333333333333', 'global.imageRegistry=proxy.example'] },
  'legacy-v1': { set: ['queue.image.tag=3.13', 'image.tag=2'] },
  navigation: { set: ['jobs.image.tag=1.0.0', 'global.imageRegistry=local:5000', 'image.pullPolicy=Never'] },
  workers: { set: ['workers.reports.enabled=true', 'cronJobs[0].name=only', 'cronJobs[0].image=busybox', 'cronJobs[0].pullPolicy=Always', 'workers.mailer.tag=0.1'] },
};

/**
 * Disagreements caused by the template engine (server/src/core/helm/template, another
 * branch), listed so they stay visible as todos until it is fixed; reported to its owner.
 */
const KNOWN_ENGINE_BUGS: Record<string, string> = {
  'dns-style [--set]': '`--set` integers are Go int64: printf "%s" prints %!s(int64=1000000), the engine prints %!s(int=1000000)',
};

const skip = oracleSkipReason();

function valueSets(chart: string): { name: string; args: HelmArgs }[] {
  const dir = path.join(FIXTURES, chart);
  const environments = discoverEnvironments(Object.keys(readChartDir(dir).files));
  const sets: { name: string; args: HelmArgs }[] = environments.map((environment) => ({
    name: environment.name,
    args: { valuesFiles: environment.valuesFiles.map((file) => path.join(dir, file)) },
  }));
  const set = SETS[chart];
  if (set) {
    sets.push({ name: '--set', args: set });
  }
  return sets;
}

describe('test charts: images and effective pull policies equal helm template', { skip }, () => {
  const charts = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_RENDERABLE.has(entry.name))
    .map((entry) => entry.name)
    .sort();

  test('there are at least 12 test charts, each with at least three value sets and a --set', () => {
    assert.ok(charts.length >= 12, `${charts.length} charts`);
    for (const chart of charts) {
      const sets = valueSets(chart);
      assert.ok(sets.length >= 4, `${chart}: ${sets.map((s) => s.name).join(', ')}`);
      assert.ok(sets.some((s) => s.name === '--set'), `${chart} has a --set run`);
    }
  });

  for (const chart of charts) {
    for (const { name, args } of valueSets(chart)) {
      test(`${chart} [${name}]`, (t) => {
        const comparison = compareChart(path.join(FIXTURES, chart), args);
        const knownBug = KNOWN_ENGINE_BUGS[`${chart} [${name}]`];
        if (knownBug) {
          assert.ok(comparison.extra.length + comparison.missing.length > 0, 'the engine bug is fixed: remove it from KNOWN_ENGINE_BUGS');
          t.todo(`engine bug: ${knownBug}`);
          return;
        }
        assert.ok(comparison.helm.ok, `helm template failed: ${comparison.helm.stderr}`);
        assert.equal(comparison.rendering.fatal, null);
        assert.ok(comparison.helmRows.length > 0, 'helm renders containers');
        // Never a wrong image, whatever the engine supports.
        assert.deepEqual(comparison.extra, [], 'no image helm does not render');
        const unsupported = comparison.rendering.templates.filter((r) => r.error?.kind === 'unsupported');
        if (unsupported.length > 0) {
          // The engine does not evaluate this yet: reported as a todo with the function, never counted as agreement.
          t.todo(`engine: ${[...new Set(unsupported.map((r) => r.error?.message))].join('; ')}`);
          return;
        }
        assert.deepEqual(
          comparison.containers.unknown.map((u) => `${u.template}: ${u.reason}`),
          [],
          'every template renders',
        );
        assert.deepEqual(comparison.missing, [], 'every container helm renders');
      });
    }
  }
});

describe('the value flags type a tag as helm does: the image equals helm template', { skip }, () => {
  const chartDir = path.join(FIXTURES, 'scaffold');
  const tagFile = writeTempChart({ 'tag.txt': '1.10' }, 'set-file');
  // --set-json reads JSON numbers as float64: 1.10 is printed 1.1, 1000000 as 1e+06; --set keeps int64 and strings.
  const runs: { args: HelmArgs; image: string }[] = [
    { args: { setJson: ['image.tag=1.10'] }, image: 'ghcr.io/example/webapp:1.1' },
    { args: { set: ['image.tag=1.10'] }, image: 'ghcr.io/example/webapp:1.10' },
    { args: { setJson: ['image.tag=1000000'] }, image: 'ghcr.io/example/webapp:1e+06' },
    { args: { set: ['image.tag=1000000'] }, image: 'ghcr.io/example/webapp:1000000' },
    { args: { setJson: ['{"image":{"tag":"2.0","repository":"mirror/web"}}'] }, image: 'mirror/web:2.0' },
    { args: { setLiteral: ['image.tag=1.10'] }, image: 'ghcr.io/example/webapp:1.10' },
    { args: { setFile: ['image.tag=tag.txt'], cwd: tagFile }, image: 'ghcr.io/example/webapp:1.10' },
    { args: { setJson: ['image.tag="json"'], set: ['image.tag=set'], setFile: ['image.tag=tag.txt'], setLiteral: ['image.repository=lit'], cwd: tagFile }, image: 'lit:1.10' },
  ];
  for (const { args, image } of runs) {
    test(`${JSON.stringify({ ...args, cwd: undefined })} → ${image}`, () => {
      const comparison = compareChart(chartDir, args);
      assert.ok(comparison.helm.ok, comparison.helm.stderr);
      assert.deepEqual([...new Set(comparison.helmRows.map((row) => row.image))].filter((name) => name.startsWith(image.split(':')[0] as string)), [image]);
      assert.deepEqual(comparison.extra, []);
      assert.deepEqual(comparison.missing, []);
    });
  }
});
