import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * Step outputs go to the file named by GITHUB_OUTPUT as `name<<DELIMITER`,
 * value, `DELIMITER` (the multi-line form, safe for any value); outside a
 * runner there is nowhere to put them.
 */
export function setOutput(env: NodeJS.ProcessEnv, name: string, value: string): void {
  const file = env.GITHUB_OUTPUT;
  if (file === undefined || file === '') {
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Markdown appended to the job summary (GITHUB_STEP_SUMMARY). */
export function appendSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file !== undefined && file !== '') {
    appendFileSync(file, markdown);
  }
}
