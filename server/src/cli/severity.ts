import type { Severity } from '../core/model';

export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Whether a finding of this severity makes `check` exit 1. Hints rank below info, so they never do. */
export function failsCheck(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
