/**
 * Co-existence with Red Hat's YAML extension: kube-image-lens and the YAML
 * companion (fixtures/yaml-companion, which runs the real yaml-language-server
 * 1.25 like redhat.vscode-yaml does) installed together in one workbench. The
 * marketplace is unreachable here, so neither redhat.vscode-yaml nor the
 * Kubernetes extension can be installed; the companion also contributes a
 * `helm` language the way the Kubernetes extension does. See
 * test/e2e/README.md. KIL_SKIP_E2E=1 skips (the reason is printed).
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { waitFor } from './harness/poll';
import type { EditorSession } from './harness/session';
import { startEditorSession } from './harness/session';
import { scenarioRunner } from './harness/scenario';
import { packageYamlCompanion, yamlCompanionSettings } from './harness/yamlCompanion';

const skipReason = process.env.KIL_SKIP_E2E === '1' ? 'KIL_SKIP_E2E=1 is set' : undefined;
if (skipReason) {
  console.log(`skipped: co-existence e2e tests (${skipReason})`);
}

/** Our hover part: it states the effective pull policy. */
const OURS = /Pull policy: IfNotPresent/;
/** yaml-language-server's hover part: the schema's description of `image`, and its source. */
const YAML_LS = /Container image name/;

void describe('kube-image-lens next to the YAML language server', { skip: skipReason }, () => {
  let session: EditorSession;

  before(
    async () => {
      session = await startEditorSession({
        readyFile: 'deployment.yaml',
        settings: yamlCompanionSettings(),
        extraExtensions: async (root) => [await packageYamlCompanion(root)],
      });
      console.log(`editor session started: ${JSON.stringify(session.timings)}`);
    },
    { timeout: 20 * 60_000 },
  );

  after(async () => {
    await session?.close();
  });

  const scenario = scenarioRunner(() => session, 'coexistence-');

  scenario('one hover shows both servers\' content, and our finding is reported once', async () => {
    const wb = session.workbench;
    await wb.openFile('deployment.yaml');
    await wb.waitForSquiggle(17, 'warning');
    // Both providers answer the same hover: VS Code shows one part per provider, ours does not replace theirs.
    const blocks = await wb.hoverBlocks(17, 'nginx:latest', (found) => found.some((b) => OURS.test(b)) && found.some((b) => YAML_LS.test(b)));
    await wb.screenshot('coexistence-hover');
    console.log(`hover parts: ${blocks.length} (${blocks.map((b) => JSON.stringify(b.slice(0, 60))).join(', ')})`);
    assert.equal(blocks.filter((b) => OURS.test(b)).length, 1, `our hover part appears once: ${JSON.stringify(blocks)}`);
    assert.equal(blocks.filter((b) => YAML_LS.test(b)).length, 1, `yaml-language-server's part appears once: ${JSON.stringify(blocks)}`);
    assert.ok(blocks.some((b) => /kubernetes-subset\.schema\.json/.test(b)), `yaml-language-server names its schema: ${JSON.stringify(blocks)}`);
    await wb.closeHover();

    // Exactly one squiggle on the image line: ours (the document is valid for the schema).
    assert.deepEqual(await wb.squigglesOnLine(17), ['warning']);
    const rows = await wb.openProblems((found) => found.some((row) => row.includes('latest-tag-cached')));
    await wb.screenshot('coexistence-problems');
    const ours = rows.filter((row) => row.includes('latest-tag-cached'));
    assert.equal(ours.length, 1, `latest-tag-cached listed once in Problems: ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((row) => /yaml-schema/.test(row)), `no schema problems for a valid Deployment: ${JSON.stringify(rows)}`);
    await wb.closePanel();
  });

  scenario('an invalid pull policy: each server reports it once, and our quick fix satisfies both', async () => {
    const wb = session.workbench;
    await wb.openFile('invalid-policy.yaml');
    await wb.waitForSquiggle(9, 'error');
    const rows = await wb.openProblems(
      (found) => found.some((row) => row.includes('invalid-pull-policy')) && found.some((row) => /yaml-schema/.test(row)),
    );
    await wb.screenshot('coexistence-invalid-policy-problems');
    assert.equal(rows.filter((row) => row.includes('invalid-pull-policy')).length, 1, `ours once: ${JSON.stringify(rows)}`);
    assert.equal(rows.filter((row) => /yaml-schema/.test(row)).length, 1, `the schema's enum check once: ${JSON.stringify(rows)}`);
    await wb.closePanel();
    await wb.quickFix(9, 'always', 'Change imagePullPolicy to Always');
    const text = await wb.fileText('invalid-policy.yaml');
    assert.match(text, /^ {6}imagePullPolicy: Always$/m);
    // Both servers re-validate the fixed text: no squiggle is left on the line.
    await wb.closeHover();
    await waitFor('no squiggle left on line 9', async () => (await wb.squigglesOnLine(9)).length === 0);
  });

  scenario('Helm templates stay in the one shared helm language', async () => {
    const wb = session.workbench;
    await wb.openFile('chart/templates/deployment.yaml');
    // Both extensions contribute the id `helm`; VS Code merges them into one language.
    assert.match(await wb.languageMode(), /^helm( template)?$/i);
    // Our server still analyses it: the profile status item follows the helm document.
    await waitFor('our profile status item for the template', async () => (await wb.statusBarTexts()).includes('staging'));
    const rows = await wb.openProblems(() => true);
    console.log(`Problems with the chart template open: ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((row) => /kube-image-lens/.test(row) && /templates/.test(row)), `no findings of ours in the template: ${JSON.stringify(rows)}`);
    await wb.screenshot('coexistence-helm');
    await wb.closePanel();
  });
});
