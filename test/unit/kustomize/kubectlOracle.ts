/**
 * The containers the real `kubectl kustomize` deploys, keyed by resource and
 * container, with the image and effective pull policy: the oracle the kustomize
 * core is compared with (fixture tests and the field test).
 */
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { KustomizeBuild } from '../../../server/src/core/kustomize/buildResult';
import { effectivePullPolicy } from '../../../server/src/core/policy/effectivePullPolicy';
import { parseImageReference } from '../../../server/src/core/reference/parseReference';

export interface DeployedContainer {
  image: string;
  policy: string | null;
}

export type KubectlResult = { ok: true; containers: Map<string, DeployedContainer> } | { ok: false; error: string };

export function kubectlKustomize(kubectl: string, directory: string): KubectlResult {
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', directory], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    const lines = stderr.trim().split('\n');
    return { ok: false, error: lines.find((line) => line.startsWith('error:')) ?? lines[0] ?? 'failed' };
  }
  const containers = new Map<string, DeployedContainer>();
  for (const doc of parseAllDocuments(output)) {
    const object = (doc as { toJS(): unknown }).toJS() as Record<string, unknown> | null;
    if (!object || typeof object !== 'object') {
      continue;
    }
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    const resource = `${String(object.kind)}/${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
    walk(object, '', (path, container) => {
      const image = typeof container.image === 'string' ? container.image : String(container.image ?? '');
      const policy = typeof container.imagePullPolicy === 'string' ? container.imagePullPolicy : null;
      containers.set(`${resource} ${path}/${typeof container.name === 'string' ? container.name : ''}`, { image, policy: effectivePolicy(image, policy) });
    });
  }
  return { ok: true, containers };
}

/** Our build's containers under the same keys. */
export function ourContainers(build: KustomizeBuild): Map<string, DeployedContainer> {
  const containers = new Map<string, DeployedContainer>();
  for (const container of build.containers) {
    const { kind, namespace, name } = container.resource;
    const list = container.containerPath.replace(/\[\d+\]$/, '');
    containers.set(`${kind}/${namespace ?? ''}/${name ?? ''} ${list}/${container.container ?? ''}`, {
      image: container.image,
      policy: container.pullPolicy.effective,
    });
  }
  return containers;
}

function effectivePolicy(image: string, policy: string | null): string | null {
  const written = policy === null ? { kind: 'absent' as const } : { kind: 'string' as const, value: policy };
  return effectivePullPolicy(parseImageReference(image), written, { alwaysPullImagesAdmission: false }).effective;
}

const LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Every pod-spec container list at any depth; the path names the list, not the index (kustomize may reorder). */
function walk(node: unknown, path: string, visit: (path: string, container: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item) => walk(item, path, visit));
    return;
  }
  if (!node || typeof node !== 'object') {
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (LISTS.has(key) && Array.isArray(value)) {
      for (const item of value) {
        if (item && typeof item === 'object' && 'image' in item) {
          visit(childPath, item as Record<string, unknown>);
        } else {
          walk(item, childPath, visit);
        }
      }
    } else {
      walk(value, childPath, visit);
    }
  }
}

/** Differences between two container maps, as readable lines (empty when equal). */
export function differences(expected: Map<string, DeployedContainer>, actual: Map<string, DeployedContainer>): string[] {
  const lines: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got) {
      lines.push(`missing ${key} (kubectl: ${want.image} ${want.policy})`);
    } else if (got.image !== want.image || got.policy !== want.policy) {
      lines.push(`${key}: kubectl ${want.image} ${want.policy}, ours ${got.image} ${got.policy}`);
    }
  }
  for (const key of actual.keys()) {
    if (!expected.has(key)) {
      lines.push(`extra ${key}`);
    }
  }
  return lines;
}
