/**
 * Go to definition and find references inside one chart tree (the chart, its subcharts
 * under `charts/`, and `file://` dependencies read from their folders): template names
 * (`define` ↔ `include`/`template`) and `.Values` paths ↔ the keys of every values file
 * that can set them (the chart's own `values.yaml`, each ancestor's under the subchart's
 * name or alias, the root's environment files, and `global.*` from every ancestor).
 * Files are named relative to the root chart, as `ChartFiles` names them.
 */
import type { Position, Range } from '../../model';
import { LineIndex } from '../../yaml/lineIndex';
import type { Chart, ChartFiles } from '../chart/loadChart';
import { loadChart } from '../chart/loadChart';
import { discoverEnvironments } from '../environments';
import type { ValuesFile } from '../values/valuesFile';
import { readValuesFile } from '../values/valuesFile';
import { pathKey } from '../values/valueTypes';
import type { NamedSymbol, TemplateSymbols, TextSpan } from './templateSymbols';
import { scanTemplateSymbols } from './templateSymbols';

export interface NavigationTarget {
  /** Relative to the root chart folder (`../common/…` for a `file://` dependency). */
  file: string;
  range: Range;
}

interface ChartEntry {
  parent: ChartEntry | null;
  /** The keys under which the parent's values reach this chart: its name, or each alias it is used under. */
  keys: string[];
  valuesFiles: ValuesFile[];
}

interface TemplateEntry {
  file: string;
  chart: ChartEntry;
  symbols: TemplateSymbols;
  lines: LineIndex;
}

/** A values file that sets a chart's values, with the key path that leads to them in it. */
interface ValuesScope {
  valuesFile: ValuesFile;
  prefix: string[];
}

type SymbolAt = { kind: 'name'; name: string } | { kind: 'values'; chart: ChartEntry; path: string[] };

export class ChartNavigation {
  private readonly templates = new Map<string, TemplateEntry>();
  private readonly valuesOwners = new Map<string, { valuesFile: ValuesFile; chart: ChartEntry }>();
  private readonly charts: ChartEntry[] = [];

  constructor(files: ChartFiles) {
    const environmentFiles = discoverEnvironments(Object.keys(files.files)).flatMap((environment) => environment.valuesFiles);
    const rootValues = environmentFiles.map((file) => readValuesFile(file, files.files[file] ?? ''));
    this.addChart(loadChart(files), null, [], rootValues);
  }

  /** Where the template name or values path at `position` of `file` is defined. */
  definition(file: string, position: Position): NavigationTarget[] {
    const symbol = this.symbolAt(file, position);
    if (symbol?.kind === 'name') {
      return this.named(symbol.name, (symbols) => symbols.defines);
    }
    if (symbol?.kind === 'values') {
      return this.valuesKeys(symbol.chart, symbol.path);
    }
    return [];
  }

  /**
   * The places that use the template name, values path (in a template) or values key (in a
   * values file) at `position`: `include`/`template` calls, and the direct `.Values` paths that
   * read the key or something under it; with `includeDeclaration`, the definitions too.
   */
  references(file: string, position: Position, includeDeclaration: boolean): NavigationTarget[] {
    const symbol = this.symbolAt(file, position);
    if (symbol?.kind === 'name') {
      return [...(includeDeclaration ? this.named(symbol.name, (symbols) => symbols.defines) : []), ...this.named(symbol.name, (symbols) => symbols.calls)];
    }
    const keys = symbol?.kind === 'values' ? this.valuesKeys(symbol.chart, symbol.path) : this.keyAt(file, position);
    const owned = keys.flatMap((key) => {
      const owner = this.valuesOwners.get(key.file);
      const path = owner ? pathAt(owner.valuesFile, key.range.start) : null;
      return owner && path ? [{ owner, path, key }] : [];
    });
    const targets = owned.flatMap(({ owner, path }) => this.reads(owner.valuesFile, path));
    return unique([...(includeDeclaration ? owned.map(({ key }) => key) : []), ...targets]);
  }

  private addChart(chart: Chart, parent: ChartEntry | null, keys: string[], extraValues: ValuesFile[]): void {
    if (/\.tgz(\/|$)/.test(chart.location)) {
      // An archive's files cannot be opened in the editor.
      return;
    }
    const entry: ChartEntry = { parent, keys, valuesFiles: [chart.values, ...extraValues] };
    this.charts.push(entry);
    for (const valuesFile of entry.valuesFiles) {
      this.valuesOwners.set(valuesFile.file, { valuesFile, chart: entry });
    }
    for (const template of chart.templates) {
      const file = join(chart.location, template.path);
      this.templates.set(file, { file, chart: entry, symbols: scanTemplateSymbols(template.text), lines: new LineIndex(template.text) });
    }
    for (const subchart of chart.subcharts) {
      const name = subchart.metadata.name;
      const aliases = chart.metadata.dependencies.filter((dependency) => dependency.name === name).map((dependency) => dependency.alias || name);
      this.addChart(subchart, entry, aliases.length > 0 ? [...new Set(aliases)] : [name], []);
    }
  }

  private symbolAt(file: string, position: Position): SymbolAt | null {
    const template = this.templates.get(file);
    if (!template) {
      return null;
    }
    const offset = template.lines.offsetAt(position);
    const within = (span: TextSpan): boolean => span.start <= offset && offset <= span.end;
    const { defines, calls, valuesReads } = template.symbols;
    const named = [...defines, ...calls].find((symbol) => within(symbol.span));
    if (named) {
      return { kind: 'name', name: named.name };
    }
    for (const read of valuesReads) {
      if (within(read.values)) {
        return { kind: 'values', chart: template.chart, path: read.path };
      }
      const segment = read.segments.findIndex(within);
      if (segment >= 0) {
        return { kind: 'values', chart: template.chart, path: read.path.slice(0, segment + 1) };
      }
    }
    return null;
  }

  /** The values key under `position` in a values file, as a target. */
  private keyAt(file: string, position: Position): NavigationTarget[] {
    const owner = this.valuesOwners.get(file);
    const path = owner ? pathAt(owner.valuesFile, position) : null;
    const location = path ? owner?.valuesFile.locations.get(pathKey(path)) : undefined;
    return location ? [{ file, range: location.keyRange ?? location.valueRange }] : [];
  }

  private named(name: string, pick: (symbols: TemplateSymbols) => NamedSymbol[]): NavigationTarget[] {
    return [...this.templates.values()].flatMap((template) =>
      pick(template.symbols)
        .filter((symbol) => symbol.name === name)
        .map((symbol) => target(template, symbol.span)),
    );
  }

  /** Every key that sets `.Values.<path>` for a template of `chart`. */
  private valuesKeys(chart: ChartEntry, path: string[]): NavigationTarget[] {
    const targets: NavigationTarget[] = [];
    for (const { valuesFile, prefix } of scopesOf(chart, path)) {
      const location = valuesFile.locations.get(pathKey([...prefix, ...path]));
      if (location) {
        targets.push({ file: valuesFile.file, range: location.keyRange ?? location.valueRange });
      }
    }
    return unique(targets);
  }

  /** Template places reading `path` of `valuesFile` (or something under it). */
  private reads(valuesFile: ValuesFile, path: string[]): NavigationTarget[] {
    const targets: NavigationTarget[] = [];
    for (const template of this.templates.values()) {
      for (const { prefix } of scopesOf(template.chart, path).filter((scope) => scope.valuesFile === valuesFile)) {
        const rest = startsWith(path, prefix) ? path.slice(prefix.length) : [];
        if (rest.length === 0) {
          continue;
        }
        for (const read of template.symbols.valuesReads) {
          if (read.path.length >= rest.length && startsWith(read.path, rest)) {
            targets.push(target(template, read.segments[rest.length - 1] as TextSpan));
          }
        }
      }
    }
    return targets;
  }
}

/**
 * The values files that set `.Values.<path>` of `chart`: its own, then each ancestor's under
 * the chain of subchart keys; `global.*` also straight from every ancestor.
 */
function scopesOf(chart: ChartEntry, path: readonly string[]): ValuesScope[] {
  const scopes: ValuesScope[] = [];
  let prefixes: string[][] = [[]];
  for (let entry: ChartEntry | null = chart; entry !== null; entry = entry.parent) {
    for (const valuesFile of entry.valuesFiles) {
      scopes.push(...prefixes.map((prefix) => ({ valuesFile, prefix })));
      if (entry !== chart && path[0] === 'global') {
        scopes.push({ valuesFile, prefix: [] });
      }
    }
    prefixes = entry.keys.flatMap((key) => prefixes.map((prefix) => [key, ...prefix]));
  }
  return scopes;
}

/** The string key path whose key (or scalar value) is under `position`. */
function pathAt(valuesFile: ValuesFile, position: Position): string[] | null {
  let best: { path: string[]; range: Range } | null = null;
  for (const [key, location] of valuesFile.locations) {
    const range = location.keyRange !== null && contains(location.keyRange, position) ? location.keyRange : contains(location.valueRange, position) ? location.valueRange : null;
    if (range && (best === null || contains(best.range, range.start) && contains(best.range, range.end))) {
      const path = JSON.parse(key) as (string | number)[];
      if (path.every((part) => typeof part === 'string')) {
        best = { path: path as string[], range };
      }
    }
  }
  return best?.path ?? null;
}

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((part, index) => path[index] === part);
}

function target(template: TemplateEntry, span: TextSpan): NavigationTarget {
  return { file: template.file, range: { start: template.lines.positionAt(span.start), end: template.lines.positionAt(span.end) } };
}

function unique(targets: NavigationTarget[]): NavigationTarget[] {
  const byPlace = new Map(targets.map((t) => [`${t.file}:${t.range.start.line}:${t.range.start.character}`, t]));
  return [...byPlace.values()];
}

function join(base: string, path: string): string {
  return base === '' ? path : `${base}/${path}`;
}
