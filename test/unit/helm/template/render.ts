/** Shared helpers for the template engine tests. */
import { TemplateSet } from '../../../../server/src/core/helm/template';
import type { RenderData, RenderResult } from '../../../../server/src/core/helm/template';

export function data(values: unknown, extra: Partial<RenderData> = {}): RenderData {
  return {
    Values: values,
    Chart: { Name: 'c', Version: '0.1.0', AppVersion: '1.0' },
    Release: { Name: 'rel', Namespace: 'default', Service: 'Helm' },
    Capabilities: {},
    Template: { Name: 't', BasePath: 'c/templates' },
    ...extra,
  };
}

/** Renders one template text named "t" (plus optional extra sources) with `dot` as the data. */
export function render(text: string, values: unknown = {}, extra: { sources?: { name: string; text: string }[]; data?: Partial<RenderData> } = {}): RenderResult {
  const set = new TemplateSet([{ name: 't', text }, ...(extra.sources ?? [])]);
  return set.render('t', data(values, extra.data));
}

/** The output, or "ERROR(kind): message". */
export function outcome(result: RenderResult): string {
  return result.error === null ? result.output : `ERROR(${result.error.kind}): ${result.error.message}`;
}
