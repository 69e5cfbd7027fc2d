/**
 * A chart the size of kube-prometheus-stack, written for the bench (not copied from it):
 * a parent chart with a library subchart holding the image helpers (reached through
 * `include` three calls deep), three application subcharts with their own helpers,
 * components that each bring a workload, a service, a service account, a config map and a
 * monitor, sidecars and init containers, and two environments (dev, prod) beside
 * values.yaml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Parent components: each renders one workload; the count of sidecars gives ~20 containers here alone. */
const COMPONENTS = [
  { name: 'operator', kind: 'Deployment', sidecars: 1 },
  { name: 'prometheus', kind: 'StatefulSet', sidecars: 2 },
  { name: 'alertmanager', kind: 'StatefulSet', sidecars: 1 },
  { name: 'thanos-ruler', kind: 'StatefulSet', sidecars: 1 },
  { name: 'admission-create', kind: 'Job', sidecars: 0 },
  { name: 'admission-patch', kind: 'Job', sidecars: 0 },
  { name: 'blackbox', kind: 'Deployment', sidecars: 1 },
  { name: 'pushgateway', kind: 'Deployment', sidecars: 0 },
  { name: 'adapter', kind: 'Deployment', sidecars: 1 },
  { name: 'windows-exporter', kind: 'DaemonSet', sidecars: 0 },
  { name: 'kubelet-proxy', kind: 'DaemonSet', sidecars: 1 },
  { name: 'etcd-probe', kind: 'Deployment', sidecars: 0 },
];

const SUBCHARTS = ['grafana', 'kube-state-metrics', 'node-exporter'];

/** camelCase values key of a component name. */
const keyOf = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

function write(dir: string, file: string, text: string): void {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

const LIBRARY_HELPERS = `{{/* The registry: the image's own, else the global one. */}}
{{- define "lib.registry" -}}
{{- $global := .global | default dict -}}
{{- .image.registry | default $global.imageRegistry | default "docker.io" -}}
{{- end -}}

{{/* repository[:tag][@digest], the tag defaulting to the chart's appVersion. */}}
{{- define "lib.image" -}}
{{- $registry := include "lib.registry" . -}}
{{- $tag := .image.tag | default .appVersion | toString -}}
{{- if .image.digest -}}
{{- printf "%s/%s:%s@%s" $registry .image.repository $tag .image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "lib.pullPolicy" -}}
{{- .image.pullPolicy | default "IfNotPresent" -}}
{{- end -}}

{{- define "lib.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .release }}
app.kubernetes.io/managed-by: Helm
{{- end -}}
`;

const PARENT_HELPERS = `{{- define "stack.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The image of a component: one include into the library chart with the global values. */}}
{{- define "stack.image" -}}
{{- include "lib.image" (dict "image" .image "global" .root.Values.global "appVersion" .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "stack.container" -}}
- name: {{ .name }}
  image: {{ include "stack.image" . | quote }}
  imagePullPolicy: {{ include "lib.pullPolicy" . }}
  args:
    - --log.level={{ .root.Values.logLevel }}
  resources:
{{ toYaml (.resources | default dict) | indent 4 }}
{{- end -}}
`;

function componentWorkload(component: (typeof COMPONENTS)[number]): string {
  const key = keyOf(component.name);
  const sidecars = Array.from(
    { length: component.sidecars },
    (_, index) => `{{ include "stack.container" (dict "name" "${component.name}-sidecar-${index}" "image" .Values.${key}.sidecars.s${index}.image "root" $ "resources" dict) | indent 8 }}\n`,
  ).join('');
  const spec = `    metadata:
      labels:
{{ include "lib.labels" (dict "name" "${component.name}" "release" .Release.Name) | indent 8 }}
    spec:
      serviceAccountName: {{ include "stack.fullname" . }}-${component.name}
{{- if .Values.${key}.init.enabled }}
      initContainers:
{{ include "stack.container" (dict "name" "${component.name}-init" "image" .Values.${key}.init.image "root" $ "resources" dict) | indent 8 }}
{{- end }}
      containers:
{{ include "stack.container" (dict "name" "${component.name}" "image" .Values.${key}.image "root" $ "resources" .Values.${key}.resources) | indent 8 }}
${sidecars}`;
  const head = `{{- if .Values.${key}.enabled }}
apiVersion: ${component.kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${component.kind}
metadata:
  name: {{ include "stack.fullname" . }}-${component.name}
  labels:
{{ include "lib.labels" (dict "name" "${component.name}" "release" .Release.Name) | indent 4 }}
spec:
`;
  const body =
    component.kind === 'Job'
      ? `  template:\n${spec.replace('    spec:\n', '    spec:\n      restartPolicy: OnFailure\n')}`
      : `  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${component.name}\n${component.kind === 'Deployment' ? `  replicas: {{ .Values.${key}.replicas }}\n` : ''}  template:\n${spec}`;
  return `${head}${body}{{- end }}\n`;
}

function componentExtras(component: (typeof COMPONENTS)[number]): Record<string, string> {
  const key = keyOf(component.name);
  const guard = (text: string): string => `{{- if .Values.${key}.enabled }}\n${text}{{- end }}\n`;
  return {
    [`templates/${component.name}/service.yaml`]: guard(`apiVersion: v1
kind: Service
metadata:
  name: {{ include "stack.fullname" . }}-${component.name}
spec:
  ports:
    - name: http
      port: {{ .Values.${key}.port }}
  selector:
    app.kubernetes.io/name: ${component.name}
`),
    [`templates/${component.name}/serviceaccount.yaml`]: guard(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "stack.fullname" . }}-${component.name}
`),
    [`templates/${component.name}/configmap.yaml`]: guard(`apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "stack.fullname" . }}-${component.name}-config
data:
  config.yaml: |
{{- range $name, $value := .Values.${key}.config }}
    {{ $name }}: {{ $value | quote }}
{{- end }}
`),
    [`templates/${component.name}/servicemonitor.yaml`]: guard(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "stack.fullname" . }}-${component.name}
spec:
  endpoints:
    - port: http
      interval: {{ $.Values.scrapeInterval }}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${component.name}
`),
  };
}

function imageValues(repository: string, tag: string, indent: string, pullPolicy = 'IfNotPresent'): string {
  return `${indent}image:\n${indent}  registry: ""\n${indent}  repository: ${repository}\n${indent}  tag: ${tag}\n${indent}  digest: ""\n${indent}  pullPolicy: ${pullPolicy}\n`;
}

function parentValues(): string {
  const lines = ['global:', '  imageRegistry: quay.io', 'logLevel: info', 'scrapeInterval: 30s', ''];
  for (const [index, component] of COMPONENTS.entries()) {
    const key = keyOf(component.name);
    lines.push(`${key}:`, '  enabled: true', '  replicas: 1', `  port: ${9000 + index}`);
    lines.push(imageValues(`example/${component.name}`, `v0.${index + 1}.0`, '  ').trimEnd());
    lines.push('  resources:', '    requests:', '      cpu: 10m', '      memory: 32Mi');
    lines.push('  init:', `    enabled: ${index % 3 === 0}`, imageValues('example/init', 'latest', '    ').trimEnd());
    lines.push('  sidecars:');
    for (let sidecar = 0; sidecar < component.sidecars; sidecar++) {
      lines.push(`    s${sidecar}:`, imageValues(`example/${component.name}-sidecar-${sidecar}`, `v2.${sidecar}.0`, '      ').trimEnd());
    }
    lines.push('  config:', '    retention: 10d', '    mode: standard', '');
  }
  for (const subchart of SUBCHARTS) {
    lines.push(`${subchart}:`, '  enabled: true', '');
  }
  return `${lines.join('\n')}\n`;
}

function environmentValues(environment: 'dev' | 'prod'): string {
  const lines = environment === 'dev' ? ['logLevel: debug'] : ['global:', '  imageRegistry: registry.example.com', 'logLevel: warn'];
  for (const [index, component] of COMPONENTS.entries()) {
    const key = keyOf(component.name);
    const tag = environment === 'dev' ? 'latest' : `v0.${index + 1}.1`;
    lines.push(`${key}:`, '  image:', `    tag: ${tag}`, `    pullPolicy: ${environment === 'dev' ? 'Always' : 'IfNotPresent'}`);
    if (environment === 'prod') {
      lines.push('  replicas: 3');
    }
  }
  lines.push('grafana:', '  image:', `    tag: ${environment === 'dev' ? 'latest' : '11.2.1'}`);
  return `${lines.join('\n')}\n`;
}

function subchartFiles(name: string): Record<string, string> {
  const helper = `${name}.image`;
  const kind = name === 'node-exporter' ? 'DaemonSet' : 'Deployment';
  const sidecar =
    name === 'grafana'
      ? `        - name: dashboards-sidecar
          image: "{{ .Values.sidecar.image.registry }}/{{ .Values.sidecar.image.repository }}:{{ .Values.sidecar.image.tag }}"
          imagePullPolicy: {{ .Values.sidecar.image.pullPolicy }}
      initContainers:
        - name: init-chown
          image: {{ printf "%s:%s" .Values.initChown.image.repository .Values.initChown.image.tag | quote }}
`
      : '';
  const values = [
    imageValues(`example/${name}`, '', '').replace('registry: ""', 'registry: docker.io'),
    'resources: {}',
    ...(name === 'grafana' ? ['sidecar:', imageValues('example/k8s-sidecar', '1.28.0', '  ').replace('registry: ""', 'registry: quay.io').trimEnd(), 'initChown:', imageValues('example/busybox', '"1.36"', '  ').trimEnd()] : []),
  ];
  return {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.0.0\nappVersion: "3.${name.length}.0"\n`,
    'values.yaml': `${values.join('\n')}\n`,
    'templates/_helpers.tpl': `{{- define "${name}.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "${helper}" -}}
{{- $registry := .Values.global.imageRegistry | default .Values.image.registry -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
`,
    'templates/workload.yaml': `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: {{ include "${name}.fullname" . }}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    spec:
      containers:
        - name: ${name}
          image: {{ include "${helper}" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
${sidecar}`,
    'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${name}.fullname" . }}
spec:
  ports:
    - port: 80
`,
    'templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ include "${name}.fullname" . }}-test
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox:1.36
      command: ['wget', '{{ include "${name}.fullname" . }}:80']
`,
  };
}

export interface GeneratedChart {
  dir: string;
  /** Environment values files beside values.yaml (chart-relative). */
  environmentFiles: string[];
  templateCount: number;
}

/** Writes the chart under `dir` (which must exist). */
export function writeStackChart(dir: string): GeneratedChart {
  const files: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2
name: stack
version: 1.0.0
appVersion: "0.9.0"
dependencies:
  - name: lib
    version: 1.0.0
    repository: file://./charts/lib
${SUBCHARTS.map((name) => `  - name: ${name}\n    version: 1.0.0\n    repository: file://./charts/${name}\n    condition: ${name}.enabled\n`).join('')}`,
    'values.yaml': parentValues(),
    'values-dev.yaml': environmentValues('dev'),
    'values-prod.yaml': environmentValues('prod'),
    'templates/_helpers.tpl': PARENT_HELPERS,
    'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n',
    'charts/lib/templates/_images.tpl': LIBRARY_HELPERS,
  };
  for (const component of COMPONENTS) {
    files[`templates/${component.name}/workload.yaml`] = componentWorkload(component);
    Object.assign(files, componentExtras(component));
  }
  for (const subchart of SUBCHARTS) {
    for (const [file, text] of Object.entries(subchartFiles(subchart))) {
      files[`charts/${subchart}/${file}`] = text;
    }
  }
  for (const [file, text] of Object.entries(files)) {
    write(dir, file, text);
  }
  return { dir, environmentFiles: ['values-dev.yaml', 'values-prod.yaml'], templateCount: Object.keys(files).filter((file) => file.includes('templates/')).length };
}
