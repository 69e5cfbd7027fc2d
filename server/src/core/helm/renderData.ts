/**
 * `.Release`, `.Chart` and `.Capabilities` as `helm template` (Helm v4.1.4, offline)
 * provides them: release "release-name" in namespace "default", installing, revision 1;
 * Kubernetes v1.35.0 with the built-in API versions of client-go 1.35.
 */
import type { ChartMetadata } from './chart/chartMetadata';
import { GoObject, apiVersionSet, kubeVersion } from './template';

export interface ReleaseOptions {
  name?: string;
  namespace?: string;
  isUpgrade?: boolean;
  revision?: number;
}

export const DEFAULT_KUBE_VERSION = 'v1.35.0';
export const HELM_VERSION = 'v4.1.4';

/** `chartutil.DefaultVersionSet` of Helm v4.1.4 (printed by `range .Capabilities.APIVersions`). */
const BUILT_IN_API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

export function releaseObject(options: ReleaseOptions = {}): unknown {
  const isUpgrade = options.isUpgrade ?? false;
  return new GoObject('chartutil.ReleaseOptions', {
    Name: options.name ?? 'release-name',
    Namespace: options.namespace ?? 'default',
    Revision: BigInt(options.revision ?? 1),
    IsUpgrade: isUpgrade,
    IsInstall: !isUpgrade,
    Service: 'Helm',
  });
}

export function capabilitiesObject(kubeVersionText = DEFAULT_KUBE_VERSION, extraApiVersions: readonly string[] = []): { object: unknown; kubeVersion: string } {
  const version = kubeVersionText.startsWith('v') ? kubeVersionText : `v${kubeVersionText}`;
  const helm = new GoObject('common.HelmVersion', {
    Version: HELM_VERSION,
    GitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
    GitTreeState: 'clean',
    GoVersion: 'go1.25.9',
    KubeClientVersion: 'v1.35',
  });
  const fields = { KubeVersion: kubeVersion(version), APIVersions: apiVersionSet([...BUILT_IN_API_VERSIONS, ...extraApiVersions]), HelmVersion: helm };
  return { object: new GoObject('common.Capabilities', fields), kubeVersion: version };
}

/** `.Chart`: the Metadata struct's fields (Go names) plus `IsRoot`; the name is the alias when there is one. */
export function chartObject(metadata: ChartMetadata, name: string, isRoot: boolean): unknown {
  return new GoObject('chart.Metadata', {
    Name: name,
    Home: metadata.home,
    Sources: metadata.sources,
    Version: metadata.version,
    Description: metadata.description,
    Keywords: metadata.keywords,
    Maintainers: metadata.maintainers.map((m) => new GoObject('chart.Maintainer', { Name: m.name, Email: m.email, URL: m.url })),
    Icon: metadata.icon,
    APIVersion: metadata.apiVersion,
    Condition: metadata.condition,
    Tags: metadata.tags,
    AppVersion: metadata.appVersion,
    Deprecated: metadata.deprecated,
    Annotations: { ...metadata.annotations },
    KubeVersion: metadata.kubeVersion,
    Dependencies: metadata.dependencies.map(
      (d) =>
        new GoObject('chart.Dependency', {
          Name: d.alias || d.name,
          Version: d.version,
          Repository: d.repository,
          Condition: d.condition,
          Tags: d.tags,
          Enabled: true,
          ImportValues: d.importValues,
          Alias: d.alias,
        }),
    ),
    Type: metadata.type,
    IsRoot: isRoot,
  });
}
