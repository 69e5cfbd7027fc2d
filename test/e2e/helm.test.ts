/**
 * A Helm chart in a real VS Code workbench (code-server 4.100.3): the findings
 * of each environment on the `tag: latest` value in values.yaml, its hover,
 * and the registry quick fix that pins the tag in the values file,
 * against a real local docker-registry. Set KIL_SKIP_E2E=1 to skip.
 * See test/e2e/README.md.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { helmDeploymentTemplate } from '../fixtures/manifests';
import { waitFor } from './harness/poll';
import { registrySessionHooks } from './harness/registrySession';
import { scenarioRunner } from './harness/scenario';
import type { PushedTag } from './pinRegistry';
import { pushTag, registryUnavailable } from './pinRegistry';

const VALUES = 'web/values.yaml';
/** Line (1-based) of `tag: latest` in helmChart()'s values.yaml. */
const TAG_LINE = 4;

/** A one-container chart whose image comes from the values; prod pulls Always, the default environment caches. */
function helmChart(repository: string): Record<string, string> {
  return {
    'web/Chart.yaml': ['apiVersion: v2', 'name: web', 'version: 0.1.0', 'appVersion: "1.0.0"', ''].join('\n'),
    [VALUES]: ['# The nodes cache this mutable tag.', 'image:', `  repository: ${repository}`, '  tag: latest', '  pullPolicy: IfNotPresent', ''].join('\n'),
    'web/values-prod.yaml': ['image:', '  pullPolicy: Always', ''].join('\n'),
    'web/templates/deployment.yaml': helmDeploymentTemplate('.Values.image.tag | default .Chart.AppVersion'),
  };
}

const skipReason = process.env.KIL_SKIP_E2E === '1' ? 'KIL_SKIP_E2E=1 is set' : registryUnavailable();
if (skipReason) {
  console.log(`skipped: real-editor Helm chart tests (${skipReason})`);
}

void describe('a Helm chart in a real VS Code workbench', { skip: skipReason }, () => {
  let pushed: PushedTag;
  const { session } = registrySessionHooks('web', async (reg) => {
    pushed = await pushTag(reg, 'shop/web', 'latest');
    return helmChart(`${reg.host}/shop/web`);
  });

  const scenario = scenarioRunner(session, 'helm-');

  scenario('values.yaml: the findings on `latest`, its hover, and the pin quick fix writes the digest to disk', async () => {
    const wb = session().workbench;
    await wb.openFile(VALUES);
    assert.equal(await wb.lineText(TAG_LINE), '  tag: latest');
    // The default environment caches the tag (warning); prod pulls it Always (error).
    await wb.waitForSquiggle(TAG_LINE, 'warning', 60_000);
    await wb.waitForSquiggle(TAG_LINE, 'error');

    const findings = (rows: string[]) => ({
      cached: rows.find((row) => row.includes('latest-tag-cached')),
      alwaysProd: rows.find((row) => row.includes('always-pull-latest-prod')),
    });
    const rows = await wb.openProblems((found) => Object.values(findings(found)).every(Boolean));
    const { cached, alwaysProd } = findings(rows);
    // `  tag: ` is 7 characters: both findings are on the scalar `latest`.
    for (const row of [cached, alwaysProd]) {
      assert.match(row ?? '', new RegExp(`\\[Ln ${TAG_LINE}, Col 8\\]`), `Problems rows: ${JSON.stringify(rows)}`);
    }
    assert.match(cached ?? '', /with IfNotPresent.*\[default: Deployment\/release-name-web\/web\]/, `latest-tag-cached names the default environment: ${cached}`);
    assert.match(alwaysProd ?? '', /with Always in prod\b.*\[prod: Deployment\/release-name-web\/web\]/, `always-pull-latest-prod names prod: ${alwaysProd}`);
    await wb.closePanel();

    const hover = await wb.hoverText(TAG_LINE, 'latest');
    assert.ok(hover.includes(pushed.image), `the hover shows the rendered image ${pushed.image}:\n${hover}`);
    // The hover box also carries the line's findings, one per environment.
    const box = (await wb.page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join('\n');
    assert.match(box, /\[default: Deployment\//, box);
    assert.match(box, /\[prod: Deployment\//, box);
    await wb.screenshot('helm-values-squiggle');

    const title = `Pin \`${pushed.image}\` to its current digest`;
    await wb.quickFix(TAG_LINE, 'latest', title, 'helm-pin-menu');
    const text = await wb.fileText(VALUES);
    assert.ok(text.includes(`\n  tag: latest@${pushed.digest}\n`), `values.yaml after pinning:\n${text}`);
    // Both findings go; the kept tag is only noted (info: the digest decides what runs).
    await waitFor('the warning and error squiggles on the tag line to go', async () => (await wb.squigglesOnLine(TAG_LINE)).every((kind) => kind === 'info'));
    const after = await wb.openProblems(
      (found) => found.some((row) => row.includes('tag-ignored-with-digest')) && !found.some((row) => /latest-tag-cached|always-pull-latest-prod/.test(row)),
    );
    const ignored = after.find((row) => row.includes('tag-ignored-with-digest')) ?? '';
    assert.match(ignored, new RegExp(`\\[default, prod: Deployment/release-name-web/web\\].*\\[Ln ${TAG_LINE}, Col 8\\]`), ignored);
    await wb.closePanel();
  });
});
