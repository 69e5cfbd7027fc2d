/**
 * A chart from plain data, following Helm's `pkg/chart/loader` (`LoadFiles`): Chart.yaml,
 * values.yaml, values.schema.json, every file under `templates/`, subcharts under `charts/`
 * (folders, and `*.tgz` archives an adapter has already unpacked), the rest as `.Files`.
 */
import type { ValuesFile } from '../values/valuesFile';
import { readValuesFile } from '../values/valuesFile';
import type { ChartMetadata } from './chartMetadata';
import { readChartMetadata } from './chartMetadata';

/** A chart's files as data: `/`-separated paths relative to the chart folder → text. */
export interface ChartFiles {
  files: Readonly<Record<string, string>>;
  /** `charts/<x>.tgz` (chart-relative) → the archive's chart rooted at its top folder, or why it cannot be read. */
  archives?: Readonly<Record<string, ChartFiles | { error: string }>>;
  /** Charts of `file://` dependencies absent from charts/, by the `repository` text (`file://../common`), read by the adapter. */
  linked?: Readonly<Record<string, ChartFiles>>;
}

export interface TemplateFile {
  /** Relative to the chart folder: `templates/deployment.yaml`. */
  path: string;
  text: string;
}

export interface Chart {
  /** Folder of this chart relative to the root chart: '' for the root, `charts/common`, `charts/common-2.31.4.tgz`. */
  location: string;
  metadata: ChartMetadata;
  /** The chart's own values.yaml (empty when absent). */
  values: ValuesFile;
  /** values.schema.json is present. Helm validates against it but never applies its defaults. */
  hasSchema: boolean;
  templates: TemplateFile[];
  /** Everything else, for `.Files`. */
  files: Record<string, string>;
  subcharts: Chart[];
  /** Why Helm would refuse to load this chart (then nothing renders), or null. */
  error: string | null;
  /** The `file://` repository this subchart was read from because charts/ lacks it, or null. */
  linkedFrom: string | null;
}

export function loadChart(input: ChartFiles, location = ''): Chart {
  const { files } = input;
  const chartYaml = files['Chart.yaml'];
  const { metadata, error: metadataError } = readChartMetadata(chartYaml ?? '', files['requirements.yaml'] ?? null);
  const values = readValuesFile(join(location, 'values.yaml'), files['values.yaml'] ?? '');
  const templates: TemplateFile[] = [];
  const otherFiles: Record<string, string> = {};
  const subchartFiles = new Map<string, Record<string, string>>();
  for (const path of Object.keys(files).sort()) {
    const text = files[path] as string;
    if (path.startsWith('templates/')) {
      templates.push({ path, text });
    } else if (path.startsWith('charts/') && !path.endsWith('.prov')) {
      const rest = path.slice('charts/'.length);
      const slash = rest.indexOf('/');
      if (slash !== -1) {
        const name = rest.slice(0, slash);
        const group = subchartFiles.get(name) ?? {};
        group[rest.slice(slash + 1)] = text;
        subchartFiles.set(name, group);
      }
    } else if (!['Chart.yaml', 'values.yaml', 'values.schema.json', 'requirements.yaml', 'requirements.lock', 'Chart.lock'].includes(path)) {
      otherFiles[path] = text;
    }
  }
  const subcharts: Chart[] = [];
  let error = chartYaml === undefined ? 'Chart.yaml file is missing' : (metadataError ?? (values.error ? `cannot load values.yaml: ${values.error}` : null));
  for (const [name, group] of [...subchartFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // Helm skips names starting with `_` or `.` under charts/.
    if (/^[_.]/.test(name)) {
      continue;
    }
    subcharts.push(loadChart({ files: group }, join(location, `charts/${name}`)));
  }
  for (const [path, archive] of Object.entries(input.archives ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = path.slice('charts/'.length);
    if (!path.startsWith('charts/') || name.includes('/') || /^[_.]/.test(name)) {
      continue;
    }
    if ('error' in archive) {
      error ??= `error unpacking ${name} in ${metadata.name}: ${archive.error}`;
      continue;
    }
    subcharts.push(loadChart(archive, join(location, path)));
  }
  for (const dependency of metadata.dependencies) {
    const linked = input.linked?.[dependency.repository];
    if (linked && dependency.repository.startsWith('file://') && !subcharts.some((s) => s.metadata.name === dependency.name)) {
      // `helm dependency build` would copy the folder into charts/; read it where it is.
      const subchart = loadChart(linked, join(location, dependency.repository.slice('file://'.length).replace(/\/+$/, '')));
      subcharts.push({ ...subchart, linkedFrom: dependency.repository });
    }
  }
  for (const subchart of subcharts) {
    if (subchart.error && error === null) {
      error = `error unpacking ${subchart.location.split('/').pop()} in ${metadata.name}: ${subchart.error}`;
    }
  }
  return { location, metadata, values, hasSchema: 'values.schema.json' in files, templates, files: otherFiles, subcharts, error, linkedFrom: null };
}

function join(base: string, path: string): string {
  return base === '' ? path : `${base}/${path}`;
}
