import type { Document, YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { PodContext } from '../model';
import { resolveAlias } from './resolveAlias';

const ARCH_LABELS = new Set(['kubernetes.io/arch', 'beta.kubernetes.io/arch']);
const OS_LABELS = new Set(['kubernetes.io/os', 'beta.kubernetes.io/os']);

function field(map: unknown, key: string, doc: Document): unknown {
  const target = resolveAlias(map, doc);
  if (!isMap(target)) {
    return undefined;
  }
  const pair = target.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair ? resolveAlias(pair.value, doc) : undefined;
}

function strings(node: unknown, doc: Document): string[] {
  const target = resolveAlias(node, doc);
  if (isScalar(target)) {
    return typeof target.value === 'string' ? [target.value] : [];
  }
  return isSeq(target) ? target.items.flatMap((item) => strings(item, doc)) : [];
}

/**
 * Reads the scheduling constraints and pull secrets of a pod spec: the values
 * required for the arch and OS node labels by `nodeSelector` and by
 * `requiredDuringSchedulingIgnoredDuringExecution` node affinity (`In` expressions;
 * terms are alternatives, so their values add up).
 */
export function podContextOf(podSpec: YAMLMap, doc: Document): PodContext {
  const architectures = new Set<string>();
  const operatingSystems = new Set<string>();
  const add = (label: string, values: string[]): void => {
    const target = ARCH_LABELS.has(label) ? architectures : OS_LABELS.has(label) ? operatingSystems : null;
    values.forEach((value) => target?.add(value));
  };

  const nodeSelector = field(podSpec, 'nodeSelector', doc);
  if (isMap(nodeSelector)) {
    for (const pair of nodeSelector.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string') {
        add(pair.key.value, strings(pair.value, doc));
      }
    }
  }
  const required = field(field(field(podSpec, 'affinity', doc), 'nodeAffinity', doc), 'requiredDuringSchedulingIgnoredDuringExecution', doc);
  const terms = resolveAlias(field(required, 'nodeSelectorTerms', doc), doc);
  for (const term of isSeq(terms) ? terms.items : []) {
    const expressions = resolveAlias(field(term, 'matchExpressions', doc), doc);
    for (const expression of isSeq(expressions) ? expressions.items : []) {
      const key = strings(field(expression, 'key', doc), doc)[0];
      const operator = strings(field(expression, 'operator', doc), doc)[0];
      if (key && operator === 'In') {
        add(key, strings(field(expression, 'values', doc), doc));
      }
    }
  }
  const secrets = resolveAlias(field(podSpec, 'imagePullSecrets', doc), doc);
  return {
    architectures: [...architectures],
    operatingSystems: [...operatingSystems],
    hasImagePullSecrets: isSeq(secrets) && secrets.items.length > 0,
  };
}
