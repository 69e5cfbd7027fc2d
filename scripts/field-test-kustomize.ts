/**
 * Field test of the kustomize core: every kustomization folder under DIR (e.g. the
 * unpacked realworld corpus) is built by the real `kubectl kustomize` and by the core;
 * each container's image and effective pull policy are compared.
 *
 *   node --import tsx scripts/field-test-kustomize.ts DIR [--verbose]
 *
 * Per folder: agree, disagree (with the differences), or kubectl-failed (with our
 * message: a folder kubectl cannot build must get a problem from us, never silently
 * a wrong image). Not part of `npm test`.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildKustomization } from '../server/src/core/kustomize/build';
import { KUSTOMIZATION_FILE_NAMES } from '../server/src/core/kustomize/kustomizationFile';
import { oracles } from '../test/oracles/oracles';
import { differences, kubectlKustomize, ourContainers } from '../test/unit/kustomize/kubectlOracle';
import { nodeFileAccess } from '../test/unit/kustomize/nodeFileAccess';

function kustomizationFolders(root: string): string[] {
  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    if (entries.some((name) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name))) {
      found.push(dir);
    }
    for (const entry of entries) {
      const child = path.join(dir, entry);
      if (entry !== '.git' && statSync(child, { throwIfNoEntry: false })?.isDirectory()) {
        stack.push(child);
      }
    }
  }
  return found.sort();
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node --import tsx scripts/field-test-kustomize.ts DIR [--verbose]');
  process.exit(2);
}
const verbose = process.argv.includes('--verbose');
const kubectl = oracles().kubectl;
const counts = { agree: 0, disagree: 0, kubectlFailed: 0, kubectlFailedWithOurProblem: 0, kubectlFailedSilently: 0 };
for (const folder of kustomizationFolders(path.resolve(root))) {
  const name = path.relative(root, folder);
  const build = buildKustomization(nodeFileAccess, folder);
  const expected = kubectlKustomize(kubectl, folder);
  const problems = build.problems.filter((problem) => problem.affectsImages);
  if (!expected.ok) {
    // Any problem explains a failed build, even one that cannot change an image (a missing generator file).
    const explained = build.problems.filter((problem) => problem.code !== 'not-evaluated' || problem.affectsImages);
    counts.kubectlFailed++;
    if (explained.length > 0) {
      counts.kubectlFailedWithOurProblem++;
    } else {
      counts.kubectlFailedSilently++;
    }
    console.log(`kubectl-failed ${name}\n    kubectl: ${expected.error}\n    ours: ${explained.map((problem) => problem.message).join(' | ') || '(no problem reported)'}`);
    continue;
  }
  const diff = differences(expected.containers, ourContainers(build));
  if (diff.length === 0) {
    counts.agree++;
    if (verbose) {
      console.log(`agree ${name} (${expected.containers.size} containers)`);
    }
  } else {
    counts.disagree++;
    console.log(`disagree ${name}\n    ${diff.join('\n    ')}${problems.length > 0 ? `\n    ours: ${problems.map((problem) => problem.message).join(' | ')}` : ''}`);
  }
}
const built = counts.agree + counts.disagree;
console.log(
  `\n${built + counts.kubectlFailed} folders: kubectl builds ${built}, agree ${counts.agree}/${built}, disagree ${counts.disagree}; ` +
    `kubectl fails on ${counts.kubectlFailed} (we report a problem on ${counts.kubectlFailedWithOurProblem}, nothing on ${counts.kubectlFailedSilently})`,
);
process.exit(counts.disagree > 0 ? 1 : 0);
