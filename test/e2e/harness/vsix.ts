/**
 * The .vsix under test: `KIL_VSIX` when given (e.g. a CI artifact), otherwise
 * built with `npm run package` exactly as a release would be.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

const execFileAsync = promisify(execFile);

export async function resolveVsix(): Promise<string> {
  const given = process.env.KIL_VSIX;
  if (given) {
    const path = isAbsolute(given) ? given : resolve(process.cwd(), given);
    if (!existsSync(path)) {
      throw new Error(`KIL_VSIX points at a missing file: ${path}`);
    }
    return path;
  }
  await execFileAsync('npm', ['run', 'package'], { cwd: REPO_ROOT, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  return join(REPO_ROOT, 'kube-image-lens.vsix');
}
