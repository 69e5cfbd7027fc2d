import { pick, seededRandom } from './random';

const IMAGES = [
  'nginx:latest',
  'nginx',
  'nginx:1.25.3',
  'redis:7.2.4-alpine',
  'busybox',
  'postgres:16.2',
  'ghcr.io/acme/api:2.14.0',
  'ghcr.io/acme/worker:main',
  'registry.example.com:5000/team/app:1.2.0-rc.1',
  'localhost:5000/dev/app:latest',
  'quay.io/prometheus/node-exporter:v1.7.0',
  'docker.io/library/alpine:3.20@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5',
  'gcr.io/distroless/static@sha256:3f1b2a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a',
];
/** null: no imagePullPolicy line; `always`: the invalid spelling users write. */
const POLICIES = [null, null, 'Always', 'IfNotPresent', 'IfNotPresent', 'Never', 'always'];

/**
 * A multi-document manifest of at least `targetLines` lines, mixing
 * Deployments, CronJobs and Pods with one to three containers, comments and
 * every kind of image reference and pull policy. The same seed gives the
 * same text, so runs compare.
 */
export function generateManifest(targetLines: number, seed = 42): string {
  const random = seededRandom(seed);
  const lines: string[] = [];
  for (let index = 0; lines.length < targetLines; index++) {
    if (index > 0) {
      lines.push('---');
    }
    const kind = pick(random, ['Deployment', 'Deployment', 'CronJob', 'Pod'] as const);
    const containerCount = 1 + Math.floor(random() * 3);
    const containers = Array.from({ length: containerCount }, (_, container) => containerLines(random, `c${container}`));
    lines.push(`# ${kind} ${index}: generated for the benchmark`, ...resourceLines(kind, `app-${index}`, containers));
  }
  return `${lines.join('\n')}\n`;
}

function containerLines(random: () => number, name: string): string[] {
  const policy = pick(random, POLICIES);
  return [
    `- name: ${name}`,
    `  image: ${pick(random, IMAGES)}`,
    ...(policy === null ? [] : [`  imagePullPolicy: ${policy}`]),
    ...(random() < 0.3 ? ['  # pinned by the release pipeline'] : []),
    '  ports:',
    '    - containerPort: 8080',
    '  resources:',
    '    limits: { cpu: 500m, memory: 256Mi }',
  ];
}

/** The resource around its containers, indented where the kind keeps its pod spec. */
function resourceLines(kind: 'Deployment' | 'CronJob' | 'Pod', name: string, containers: string[][]): string[] {
  const metadata = ['metadata:', `  name: ${name}`, '  labels:', `    app: ${name}`];
  const podSpec = (indent: string) => [
    `${indent}restartPolicy: ${kind === 'CronJob' ? 'OnFailure' : 'Always'}`,
    `${indent}containers:`,
    ...containers.flat().map((line) => `${indent}  ${line}`),
  ];
  switch (kind) {
    case 'Pod':
      return ['apiVersion: v1', 'kind: Pod', ...metadata, 'spec:', ...podSpec('  ')];
    case 'Deployment':
      return [
        'apiVersion: apps/v1',
        'kind: Deployment',
        ...metadata,
        'spec:',
        '  replicas: 2',
        '  selector:',
        `    matchLabels: { app: ${name} }`,
        '  template:',
        '    metadata:',
        `      labels: { app: ${name} }`,
        '    spec:',
        ...podSpec('      '),
      ];
    case 'CronJob':
      return [
        'apiVersion: batch/v1',
        'kind: CronJob',
        ...metadata,
        'spec:',
        '  schedule: "*/15 * * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        ...podSpec('          '),
      ];
  }
}
