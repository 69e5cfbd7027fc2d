import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse, yaml } from './fixtures';

const object = (apiVersion: string, kind: string, ...spec: string[]) => yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: x', 'spec:', ...spec);

// Field names from each operator's API types (prometheus-operator CommonPrometheusFields/AlertmanagerSpec/ThanosRulerSpec,
// Tekton StepActionSpec, ECK *Spec.Image, CloudNativePG ClusterSpec.ImageName, Strimzi KafkaClusterSpec & co).
const CASES: Array<[string, string, Array<[string, string, string | null]>]> = [
  [
    'Prometheus spec.image with its own pull policy, scheduling and pull secrets',
    object(
      'monitoring.coreos.com/v1',
      'Prometheus',
      '  image: quay.io/prometheus/prometheus:v3.5.0',
      '  version: v3.5.0',
      '  imagePullPolicy: Always',
      '  imagePullSecrets: [{name: quay}]',
      '  nodeSelector: {kubernetes.io/arch: arm64}',
      '  containers:',
      '  - name: config-reloader',
      '    image: quay.io/prometheus-operator/prometheus-config-reloader:v0.85.0',
    ),
    [
      ['spec', 'quay.io/prometheus/prometheus:v3.5.0', 'Always'],
      ['spec.containers[0]', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.85.0', 'IfNotPresent'],
    ],
  ],
  ['Alertmanager', object('monitoring.coreos.com/v1', 'Alertmanager', '  image: quay.io/prometheus/alertmanager:v0.28.1'), [['spec', 'quay.io/prometheus/alertmanager:v0.28.1', 'IfNotPresent']]],
  ['ThanosRuler', object('monitoring.coreos.com/v1', 'ThanosRuler', '  image: quay.io/thanos/thanos:latest'), [['spec', 'quay.io/thanos/thanos:latest', 'Always']]],
  ['PrometheusAgent', object('monitoring.coreos.com/v1alpha1', 'PrometheusAgent', '  image: quay.io/prometheus/prometheus:v3.5.0'), [['spec', 'quay.io/prometheus/prometheus:v3.5.0', 'IfNotPresent']]],
  // Without spec.image the operator composes baseImage + version/tag/sha: nothing is written to judge.
  ['Prometheus with only a version', object('monitoring.coreos.com/v1', 'Prometheus', '  version: v3.5.0'), []],
  ['Tekton StepAction', object('tekton.dev/v1beta1', 'StepAction', '  image: alpine:3.23', '  script: echo hi'), [['spec', 'alpine:3.23', 'IfNotPresent']]],
  ['ECK Elasticsearch', object('elasticsearch.k8s.elastic.co/v1', 'Elasticsearch', '  version: 9.1.0', '  image: docker.elastic.co/elasticsearch/elasticsearch:9.1.0'), [['spec', 'docker.elastic.co/elasticsearch/elasticsearch:9.1.0', 'IfNotPresent']]],
  ['ECK Kibana', object('kibana.k8s.elastic.co/v1', 'Kibana', '  image: my.registry/kibana'), [['spec', 'my.registry/kibana', 'Always']]],
  ['CloudNativePG Cluster', object('postgresql.cnpg.io/v1', 'Cluster', '  instances: 3', '  imageName: ghcr.io/cloudnative-pg/postgresql:17.5', '  imagePullPolicy: IfNotPresent'), [['spec', 'ghcr.io/cloudnative-pg/postgresql:17.5', 'IfNotPresent']]],
  [
    'Strimzi Kafka components',
    object('kafka.strimzi.io/v1beta2', 'Kafka', '  kafka:', '    image: quay.io/strimzi/kafka:0.47.0-kafka-4.0.0', '  entityOperator:', '    topicOperator:', '      image: quay.io/strimzi/operator:0.47.0'),
    [
      ['spec.kafka', 'quay.io/strimzi/kafka:0.47.0-kafka-4.0.0', 'IfNotPresent'],
      ['spec.entityOperator.topicOperator', 'quay.io/strimzi/operator:0.47.0', 'IfNotPresent'],
    ],
  ],
  ['Strimzi KafkaConnect', object('kafka.strimzi.io/v1beta2', 'KafkaConnect', '  image: my.registry/connect:1.0'), [['spec', 'my.registry/connect:1.0', 'IfNotPresent']]],
  // The same keys in other groups or kinds are not images.
  ['an unrelated CRD with spec.image', object('example.com/v1', 'Prometheus', '  image: nginx:latest'), []],
  ['a ServiceMonitor', object('monitoring.coreos.com/v1', 'ServiceMonitor', '  image: nginx:latest'), []],
];

for (const [name, text, expected] of CASES) {
  test(`operator images: ${name}`, () => {
    const images = analyse(text).images;
    assert.deepEqual(
      images.map((image) => [image.containerPath, image.image, image.pullPolicy.effective]),
      expected,
    );
    const lines = text.split('\n');
    for (const image of images) {
      assert.equal(lines[image.range.start.line]?.slice(image.range.start.character, image.range.end.character), image.image);
    }
  });
}

test('a Prometheus spec is its pod spec: scheduling and pull secrets are read from it', () => {
  const [prometheus] = analyse(CASES[0]?.[1] ?? '').images;
  assert.deepEqual(prometheus?.pod, { architectures: ['arm64'], operatingSystems: [], hasImagePullSecrets: true });
});
