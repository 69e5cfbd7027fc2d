/**
 * A set of template sources parsed the way Helm's engine does: every file is a template
 * named by its path, `define`s are global, and when two define one name the one parsed
 * last wins — Helm parses deeper paths first, and at equal depth in reverse name order, so
 * a parent chart overrides its subcharts.
 */
import type { Tree } from './ast';
import { isEmptyTree } from './ast';
import { ExecError, Executor } from './exec';
import type { FunctionTable } from './functions';
import { helmFunctionTable } from './funcs';
import { filesObject } from './helmObjects';
import type { PStr} from './provenance';
import { removeAll } from './provenance';
import { ParseError, parseTemplate } from './parser';
import type { RenderData, RenderOptions, RenderResult, TemplateError, TemplateSource } from './types';
import { ValueTracker } from './valueTracker';
import { newMap } from './values';
import type { GoMap } from './values';

/** Helm's include recursion limit (recursionMaxNums). */
const DEFAULT_MAX_INCLUDE_DEPTH = 1000;
const DEFAULT_MAX_STEPS = 1_000_000;
const DEFAULT_MAX_OUTPUT = 5_000_000;
const DYNAMIC_CACHE_SIZE = 256;

/** Helm's sortTemplates order: parse order, the last definition of a name wins. */
function helmParseOrder(a: string, b: string): number {
  const depthA = a.split('/').length;
  const depthB = b.split('/').length;
  if (depthA !== depthB) {
    return depthB - depthA;
  }
  return a < b ? 1 : a > b ? -1 : 0;
}

export class TemplateSet {
  readonly parseErrors: TemplateError[] = [];
  private readonly trees = new Map<string, Tree>();
  private readonly failedSources = new Map<string, TemplateError>();
  private readonly dynamic = new Map<string, Tree | ParseError>();
  private readonly functions: FunctionTable = helmFunctionTable();
  private readonly topLevel = new WeakMap<object, { dot: GoMap; synced: Map<string, unknown> }>();

  constructor(sources: TemplateSource[]) {
    const isFunction = (name: string) => this.isFunction(name);
    for (const source of [...sources].sort((a, b) => helmParseOrder(a.name, b.name))) {
      try {
        for (const tree of parseTemplate(source.name, source.text, isFunction).trees) {
          this.associate(tree);
        }
      } catch (caught) {
        const error = caught instanceof RangeError ? new ParseError(`template nested too deeply to parse: ${caught.message}`, 0) : caught;
        if (!(error instanceof ParseError)) {
          throw error;
        }
        const parseError: TemplateError = { template: source.name, offset: error.offset, message: error.message, kind: 'parse' };
        this.parseErrors.push(parseError);
        this.failedSources.set(source.name, parseError);
      }
    }
  }

  /** Names of every template and definition. */
  names(): string[] {
    return [...this.trees.keys()];
  }

  /** The file a template or definition was written in. */
  sourceOf(name: string): string | undefined {
    return this.trees.get(name)?.source;
  }

  render(name: string, data: RenderData, options: RenderOptions = {}): RenderResult {
    const fail = (error: TemplateError): RenderResult => ({ name, output: '', spans: [], error });
    const parseError = this.failedSources.get(name);
    if (parseError !== undefined) {
      return fail(parseError);
    }
    const tree = this.trees.get(name);
    if (tree === undefined) {
      return fail({ template: name, offset: 0, message: `template: no template "${name}" associated with template "gotpl"`, kind: 'exec' });
    }
    const dot = this.topLevelObject(data);
    const executor = new Executor(
      { lookup: (n) => this.trees.get(n), parseDynamic: (n, text) => this.parseDynamic(n, text) },
      this.functions,
      new ValueTracker(dot.Values),
      {
        maxIncludeDepth: options.maxIncludeDepth ?? DEFAULT_MAX_INCLUDE_DEPTH,
        maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
        maxOutputLength: options.maxOutputLength ?? DEFAULT_MAX_OUTPUT,
      },
      () => dot.Template,
    );
    try {
      // Helm erases "<no value>" from each rendered file (missingkey=zero still prints it for nil).
      const output = removeAll(executor.execute(tree, dot), '<no value>');
      return { name, output: output.text, spans: [...output.spans], error: null };
    } catch (error) {
      if (error instanceof ExecError) {
        return fail({ template: error.template, offset: error.offset, message: error.message, kind: error.kind });
      }
      if (error instanceof RangeError) {
        return fail({ template: name, offset: 0, message: `evaluation too deep: ${error.message}`, kind: 'limit' });
      }
      // A defect here must not take the editor or the CLI down with it: report it on the template.
      return fail({ template: name, offset: 0, message: `internal error: ${(error as Error).message}`, kind: 'exec' });
    }
  }

  /**
   * Helm renders all templates of a chart with one shared map, so a template that runs
   * `set $ "Values" …` (Istio's zzz_profile.yaml) changes `.Values` for the templates
   * rendered after it. The same here: one top-level map per values object (a chart's
   * templates get the same `.Values`); a field the caller passes anew (e.g. `Template`) is
   * copied in, the others keep what templates did to them.
   */
  private topLevelObject(data: RenderData): GoMap {
    const key: object = typeof data.Values === 'object' && data.Values !== null ? data.Values : data;
    let entry = this.topLevel.get(key);
    if (entry === undefined) {
      entry = { dot: newMap(), synced: new Map() };
      this.topLevel.set(key, entry);
    }
    for (const [key, value] of Object.entries(data)) {
      if (entry.synced.get(key) !== value || !(key in entry.dot)) {
        entry.synced.set(key, value);
        entry.dot[key] = key === 'Files' ? filesObject((value as Record<string, string> | undefined) ?? {}) : value;
      }
    }
    if (!('Files' in entry.dot)) {
      entry.dot.Files = filesObject({});
    }
    return entry.dot;
  }

  private isFunction(name: string): boolean {
    return name === 'and' || name === 'or' || this.functions.has(name);
  }

  private associate(tree: Tree): void {
    const existing = this.trees.get(tree.name);
    if (existing !== undefined && isEmptyTree(tree.root)) {
      return;
    }
    this.trees.set(tree.name, tree);
  }

  /** `tpl` text: parsed once per (name, text), its definitions visible to itself only. */
  private parseDynamic(name: string, text: PStr): Tree {
    const key = `${name}\u0000${text.text}`;
    let cached = this.dynamic.get(key);
    if (cached === undefined) {
      try {
        const trees = parseTemplate(name, text.text, (n) => this.isFunction(n)).trees;
        cached = trees.length > 1 ? new ParseError('define inside tpl text is not supported by this evaluator', 0) : { ...trees[0], sourceText: text };
      } catch (caught) {
        const error = caught instanceof RangeError ? new ParseError(`template nested too deeply to parse: ${caught.message}`, 0) : caught;
        if (!(error instanceof ParseError)) {
          throw error;
        }
        cached = error;
      }
      if (this.dynamic.size >= DYNAMIC_CACHE_SIZE) {
        this.dynamic.delete(this.dynamic.keys().next().value as string);
      }
      this.dynamic.set(key, cached);
    }
    if (cached instanceof ParseError) {
      const unsupported = cached.message.includes('not supported');
      throw new ExecError(`error during tpl function execution for ${JSON.stringify(text.text)}: ${unsupported ? '' : 'parse error: '}${cached.message}`, unsupported ? 'unsupported' : 'parse', name, cached.offset);
    }
    return cached;
  }
}
