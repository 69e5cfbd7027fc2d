/**
 * "Check Images Against Registry" in a real VS Code workbench (code-server
 * 4.100.3) against a real local docker-registry: the registry findings in
 * Problems, as squiggles and in the hover, and the registry status bar item
 * (idle after a check, offline once the registry is gone). Set KIL_SKIP_E2E=1
 * to skip. See test/e2e/README.md.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { waitFor } from './harness/poll';
import { registrySessionHooks } from './harness/registrySession';
import { scenarioRunner } from './harness/scenario';
import type { PushedTag } from './pinRegistry';
import { CHECK_DRIFT_LINE, CHECK_MISSING_LINE, checkFixture, pushTag, registryUnavailable } from './pinRegistry';

const REGISTRY_ITEM = 'kubeImageLens.registry';
const CHECK_COMMAND = 'Kube Image Lens: Check Images Against Registry';

const skipReason = process.env.KIL_SKIP_E2E === '1' ? 'KIL_SKIP_E2E=1 is set' : registryUnavailable();
if (skipReason) {
  console.log(`skipped: real-editor registry check tests (${skipReason})`);
}

void describe('Check Images Against Registry in a real VS Code workbench', { skip: skipReason }, () => {
  /** The tag as first pushed (the digest the manifest pins) and after the re-push (what the tag points at now). */
  let pinned: PushedTag;
  let current: PushedTag;
  let missingImage: string;
  const { session, reg } = registrySessionHooks('check.yaml', async (started) => {
    pinned = await pushTag(started, 'team/drift', '1.0', { seed: 'first build' });
    current = await pushTag(started, 'team/drift', '1.0', { seed: 'second build' });
    assert.notEqual(pinned.digest, current.digest, 'the re-push moved the tag');
    // The repository exists; this tag was never pushed.
    missingImage = `${started.host}/team/drift:9.9-never-pushed`;
    return { 'check.yaml': checkFixture(missingImage, `${pinned.image}@${pinned.digest}`) };
  });

  const scenario = scenarioRunner(session);

  /** Runs the palette command and waits for the server's summary toast, then for the progress toast to go. */
  const runCheck = async (): Promise<string> => {
    const wb = session().workbench;
    await wb.openFile('check.yaml');
    await wb.runCommand(CHECK_COMMAND);
    const summary = await waitFor(
      'the registry check summary',
      async () => (await wb.notifications()).find((text) => /Checked \d+ images? against their registries|Check registry failed/i.test(text)),
      { timeoutMs: 60_000 },
    );
    await waitFor('the check progress notification to close', async () => !(await wb.notifications()).some((text) => /Checking images against their registries/.test(text)), {
      timeoutMs: 60_000,
    });
    return summary;
  };

  scenario('the check reports image-not-found and digest-drift in Problems, as squiggles and in the hover', async () => {
    const wb = session().workbench;
    await wb.openFile('check.yaml');
    // Before any check the registry item is idle and no registry finding is shown.
    await wb.waitForSquiggle(CHECK_DRIFT_LINE, 'info'); // tag-ignored-with-digest: the file is analysed
    assert.deepEqual(await wb.squigglesOnLine(CHECK_MISSING_LINE), [], 'no registry finding before the check');

    const started = Date.now();
    const summary = await runCheck();
    console.log(`registry check of 2 images: ${Date.now() - started} ms until the summary`);
    assert.match(summary, /Checked 2 images against their registries\./);

    await wb.waitForSquiggle(CHECK_MISSING_LINE, 'error');
    await wb.waitForSquiggle(CHECK_DRIFT_LINE, 'warning');

    const hover = await wb.hoverText(CHECK_DRIFT_LINE, 'team/drift:1.0');
    assert.match(hover, /Registry \(looked up (just now|\d+ s ago)\)/, `hover: ${hover}`);
    assert.ok(hover.includes(`Tag 1.0 → ${current.digest}`), `the hover names the tag's current digest ${current.digest}:\n${hover}`);
    await wb.screenshot('registry-check-hover');
    await wb.closeHover();

    const rows = await wb.openProblems((found) => found.some((row) => row.includes('image-not-found')) && found.some((row) => row.includes('digest-drift')));
    const row = (code: string, line: number) => rows.find((text) => new RegExp(`${code}\\)? ?\\[Ln ${line}, Col 18\\]`).test(text));
    const notFound = row('image-not-found', CHECK_MISSING_LINE);
    const drift = row('digest-drift', CHECK_DRIFT_LINE);
    assert.ok(notFound, `image-not-found on Ln ${CHECK_MISSING_LINE}, Col 18: ${JSON.stringify(rows)}`);
    assert.ok(drift, `digest-drift on Ln ${CHECK_DRIFT_LINE}, Col 18: ${JSON.stringify(rows)}`);
    assert.match(notFound, /ErrImagePull/);
    assert.ok(drift.includes(`now points at ${current.digest}, not the pinned ${pinned.digest}`), `drift message: ${drift}`);
    await wb.screenshot('registry-check');
    await wb.closePanel();
  });

  scenario('the registry status item is idle after the check and offline once the registry is gone', async () => {
    const wb = session().workbench;
    await wb.openFile('check.yaml');
    await runCheck();
    const idle = await waitFor('the registry item to be idle', async () => {
      const item = await wb.statusBarItem(REGISTRY_ITEM);
      return item.text === 'Registry' ? item : undefined;
    });
    assert.equal(idle.icon, 'cloud');
    const idleTooltip = await wb.statusBarTooltip(REGISTRY_ITEM, /idle; look-ups run on demand/);
    assert.match(idleTooltip, /Click to check the registry for this file\./);

    await reg().stop();
    const summary = await runCheck();
    const offline = await waitFor('the registry item to show offline', async () => {
      const item = await wb.statusBarItem(REGISTRY_ITEM);
      return item.text === 'Registry offline' ? item : undefined;
    });
    assert.equal(offline.icon, 'debug-disconnect');
    const offlineTooltip = await wb.statusBarTooltip(REGISTRY_ITEM, /registry unreachable/);
    assert.ok(offlineTooltip.includes(reg().host), `the tooltip names the unreachable registry: ${offlineTooltip}`);
    await wb.screenshot('registry-offline');
    // The unreachable registry replaces the earlier answers: no stale not-found or drift rows stay.
    const rows = await wb.openProblems(
      (found) => found.filter((row) => row.includes('registry-unreachable')).length === 2 && !found.some((row) => /image-not-found|digest-drift/.test(row)),
    );
    assert.ok(rows.some((row) => new RegExp(`registry-unreachable\\)? ?\\[Ln ${CHECK_MISSING_LINE}, Col 18\\]`).test(row)), `Problems rows: ${JSON.stringify(rows)}`);
    await wb.closePanel();
    console.log(`check with the registry stopped: "${summary}"; tooltip: ${JSON.stringify(offlineTooltip)}`);
  });
});
