/** Locations shared by the e2e harness and tests. */
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const E2E_DIR = join(REPO_ROOT, 'test', 'e2e');
export const FIXTURE_WORKSPACE = join(E2E_DIR, 'fixtures', 'workspace');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts', 'e2e');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
