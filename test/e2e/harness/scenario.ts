import { it } from 'node:test';
import type { EditorSession } from './session';

export interface ScenarioContext {
  skip(reason: string): void;
}

/**
 * `it` for editor scenarios (2-minute limit). On failure it keeps a screenshot
 * and the tail of the extension's output channel for the report.
 */
export function scenarioRunner(session: () => EditorSession, screenshotPrefix = '') {
  return (name: string, run: (t: ScenarioContext) => Promise<void>) =>
    it(name, { timeout: 120_000 }, async (t) => {
      try {
        await run(t);
      } catch (error) {
        const workbench = session().workbench;
        await workbench.screenshot(`failure-${screenshotPrefix}${name.replace(/\W+/g, '-')}`).catch(() => undefined);
        const output = await workbench.outputText(/./, 5_000).catch(() => '(output channel unavailable)');
        console.log(`--- Kube Image Lens output ---\n${output.slice(-4000)}`);
        await workbench.closePanel().catch(() => undefined);
        throw error;
      }
    });
}
