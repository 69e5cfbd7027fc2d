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

/** The API group of `group/version`; '' for the core group. */
function apiGroup(apiVersion: string | null): string {
  return apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function containerFieldsFor(apiVersion: string | null): GroupFields {
  const group = apiGroup(apiVersion);
  return GROUP_FIELDS.find((entry) => group === entry.group || group.endsWith(`.${entry.group}`))?.fields ?? NONE;
}

/** An operator-managed image written outside any container: the map at `path` holds it under `imageKey`. */
export interface ObjectImageField {
  path: readonly string[];
  imageKey: string;
  /** The map is also the pod spec the operator builds (nodeSelector, affinity, imagePullSecrets at the same level). */
  podFields: boolean;
}

const spec = (imageKey = 'image', podFields = false): ObjectImageField => ({ path: ['spec'], imageKey, podFields });
const under = (...path: string[]): ObjectImageField => ({ path: ['spec', ...path], imageKey: 'image', podFields: false });

/**
 * Custom resources whose operator runs an image named in the resource itself
 * (checked against each project's API types). prometheus-operator:
 * `spec.image` wins over `baseImage`/`version`/`tag`/`sha`, which only compose
 * a default image when it is empty (`operator.BuildImagePath`), so only
 * `spec.image` is a written image.
 */
const OBJECT_IMAGE_FIELDS: ReadonlyArray<{ group: string; kinds: readonly string[]; fields: readonly ObjectImageField[] }> = [
  { group: 'monitoring.coreos.com', kinds: ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'], fields: [spec('image', true)] },
  // Tekton StepAction: a reusable step, its image at the top of the spec.
  { group: 'tekton.dev', kinds: ['StepAction'], fields: [spec()] },
  // ECK (Elastic Cloud on Kubernetes): `spec.image` overrides the image derived from `spec.version`.
  ...[
    ['elasticsearch.k8s.elastic.co', 'Elasticsearch'],
    ['kibana.k8s.elastic.co', 'Kibana'],
    ['apm.k8s.elastic.co', 'ApmServer'],
    ['enterprisesearch.k8s.elastic.co', 'EnterpriseSearch'],
    ['beat.k8s.elastic.co', 'Beat'],
    ['agent.k8s.elastic.co', 'Agent'],
    ['maps.k8s.elastic.co', 'ElasticMapsServer'],
    ['logstash.k8s.elastic.co', 'Logstash'],
  ].map(([group, kind]) => ({ group: group as string, kinds: [kind as string], fields: [spec()] })),
  // CloudNativePG: `Cluster.spec.imageName` with `spec.imagePullPolicy`.
  { group: 'postgresql.cnpg.io', kinds: ['Cluster'], fields: [spec('imageName')] },
  // Strimzi: one image per managed component.
  {
    group: 'kafka.strimzi.io',
    kinds: ['Kafka'],
    fields: [under('kafka'), under('zookeeper'), under('entityOperator', 'topicOperator'), under('entityOperator', 'userOperator'), under('kafkaExporter'), under('cruiseControl')],
  },
  { group: 'kafka.strimzi.io', kinds: ['KafkaConnect', 'KafkaMirrorMaker2', 'KafkaBridge'], fields: [spec()] },
];

export function objectImageFieldsFor(apiVersion: string | null, kind: string | null): readonly ObjectImageField[] {
  const group = apiGroup(apiVersion);
  return OBJECT_IMAGE_FIELDS.find((entry) => entry.group === group && kind !== null && entry.kinds.includes(kind))?.fields ?? [];
}
