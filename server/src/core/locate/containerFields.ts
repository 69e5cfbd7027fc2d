/**
 * Which keys hold containers. The three pod-spec lists are recognised in every
 * Kubernetes object (this is also the generic fallback for CRDs that embed pod
 * templates: Argo Rollouts, Knative, KEDA, OpenKruise, JobSet, Volcano, Kubeflow…);
 * some CRDs use container-shaped objects under their own keys, recognised only
 * in their API groups so that unrelated YAML is not misread.
 */
export const POD_CONTAINER_LISTS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

interface GroupFields {
  /** Keys whose value is a list of containers. */
  lists: ReadonlySet<string>;
  /** Keys whose value is a single container. */
  singles: ReadonlySet<string>;
}

const GROUP_FIELDS: ReadonlyArray<{ group: string; fields: GroupFields }> = [
  // Argo Workflows templates: container, script, sidecars, containerSet.containers.
  { group: 'argoproj.io', fields: { lists: new Set(['sidecars']), singles: new Set(['container', 'script']) } },
  // Tekton Tasks, Pipelines and runs: steps, sidecars, stepTemplate.
  { group: 'tekton.dev', fields: { lists: new Set(['steps', 'sidecars']), singles: new Set(['stepTemplate']) } },
];

const NONE: GroupFields = { lists: new Set(), singles: new Set() };

export function containerFieldsFor(apiVersion: string | null): GroupFields {
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return GROUP_FIELDS.find((entry) => group === entry.group || group.endsWith(`.${entry.group}`))?.fields ?? NONE;
}
