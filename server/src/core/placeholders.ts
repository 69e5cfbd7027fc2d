import type { ResourceInfo, Unresolved } from './model';

/**
 * Placeholders that other tools replace before a pod exists. Such an image is not
 * a reference yet, so it is never judged (and never called invalid): the hover
 * says which tool fills it in.
 */
export function placeholderOf(image: string, resource: ResourceInfo): Unresolved | null {
  if (image.startsWith('ko://')) {
    return { tool: 'ko', explanation: '`ko` builds this Go import path and replaces it with the pushed image (`ko resolve` / `ko apply`).' };
  }
  if (TEKTON_VARIABLE.test(image)) {
    return { tool: 'tekton', explanation: 'Tekton substitutes `$(…)` variables (params, results, context) when the Task runs.' };
  }
  if (image.includes('{{') && image.includes('}}')) {
    return isArgoResource(resource)
      ? { tool: 'argo', explanation: 'Argo Workflows substitutes `{{…}}` parameters when the workflow runs.' }
      : { tool: 'template', explanation: 'A `{{…}}` placeholder: a templating step fills it in before the manifest is applied.' };
  }
  if (ENV_VARIABLE.test(image)) {
    return { tool: 'envsubst', explanation: 'A `${…}` variable: a deployment script (envsubst, kpt, skaffold) replaces it before the manifest is applied.' };
  }
  return null;
}

/** A Helm template action makes the image known only after rendering. */
export const HELM_TEMPLATED: Unresolved = {
  tool: 'helm',
  explanation: 'Assembled by a Helm template: the reference and policy are known only after rendering.',
};

const TEKTON_VARIABLE = /\$\((params|inputs|resources|context|tasks|steps|workspaces|results)\b[^)]*\)/;
const ENV_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}/;

function isArgoResource(resource: ResourceInfo): boolean {
  return resource.apiVersion?.startsWith('argoproj.io/') ?? false;
}
