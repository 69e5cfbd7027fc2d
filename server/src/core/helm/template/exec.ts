/**
 * The evaluator, following Go's text/template/exec.go with Helm's options
 * (missingkey=zero): walks a tree, evaluates pipelines, and writes into a `TextBuilder`
 * so every output character keeps its origin.
 */
import type { ArgNode, BranchNode, CommandNode, Node, PipeNode, TemplateNode, Tree } from './ast';
import { describeArg } from './ast';
import type { CallContext, FunctionTable, ParamType, TemplateFunction } from './functions';
import { FunctionError } from './functions';
import { formatValue } from './goFormat';
import { PStr, TextBuilder, Traced, computed, pstr, slicePStr } from './provenance';
import type { TemplateErrorKind } from './types';
import { GoObject, hasKey, isMap, isNil, isString, plain, sortedKeys, truth, typeName } from './values';
import type { Value } from './values';
import type { ValueTracker } from './valueTracker';

/** An evaluation failure located in a template. */
export class ExecError extends Error {
  constructor(
    message: string,
    readonly kind: TemplateErrorKind,
    readonly template: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface TreeLookup {
  lookup(name: string): Tree | undefined;
  /** Parses `tpl` text (cached by the caller); throws ExecError on parse errors. */
  parseDynamic(name: string, text: PStr): Tree;
}

export interface Limits {
  maxIncludeDepth: number;
  maxSteps: number;
  maxOutputLength: number;
}

const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;
type Signal = 'break' | 'continue' | undefined;

interface Variable {
  name: string;
  value: Value;
}

/** Go's maxExecDepth for `template` nesting. */
const MAX_EXEC_DEPTH = 100000;

export class Executor implements CallContext {
  private steps = 0;
  private depth = 0;
  private vars: Variable[] = [];
  private tree: Tree | undefined;
  private offset = 0;
  private out = new TextBuilder();

  constructor(
    private readonly trees: TreeLookup,
    private readonly funcs: FunctionTable,
    private readonly tracker: ValueTracker,
    private readonly limits: Limits,
    /** The value of `.Template` for `tpl` (Helm reads it from the data passed to tpl). */
    private readonly templateData: () => Value,
  ) {}

  /** Runs `tree` with `dot` into a fresh output; nested calls keep their own output. */
  execute(tree: Tree, dot: Value): PStr {
    const saved = { vars: this.vars, tree: this.tree, out: this.out, offset: this.offset };
    this.vars = [{ name: '$', value: dot }];
    this.tree = tree;
    this.out = new TextBuilder();
    try {
      this.walk(dot, tree.root);
      return this.out.build();
    } finally {
      this.vars = saved.vars;
      this.tree = saved.tree;
      this.out = saved.out;
      this.offset = saved.offset;
    }
  }

  // CallContext

  include(name: string, data: Value): PStr {
    const tree = this.trees.lookup(name);
    if (tree === undefined) {
      throw new FunctionError(`template: no template "${name}" associated with template "gotpl"`);
    }
    return this.nested(() => this.execute(tree, data));
  }

  tpl(text: PStr, data: Value): PStr {
    const template = isMap(data) && isMap(data.Template) ? data.Template : this.templateData();
    const name = isMap(template) ? String(plain(template.Name) ?? '') : '';
    const tree = this.trees.parseDynamic(name, text);
    return this.nested(() => this.execute(tree, data));
  }

  element(container: Value, key: string | number): Value {
    return this.tracker.child(container, key);
  }

  private nested<T>(run: () => T): T {
    if (this.depth >= this.limits.maxIncludeDepth) {
      throw new FunctionError(`rendering template has a nested reference deeper than ${this.limits.maxIncludeDepth} levels`, 'limit');
    }
    this.depth++;
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  // Errors and limits

  private fail(message: string, kind: TemplateErrorKind = 'exec', offset = this.offset): never {
    throw new ExecError(message, kind, this.tree?.source ?? '', offset);
  }

  private step(offset: number): void {
    this.offset = offset;
    if (++this.steps > this.limits.maxSteps) {
      this.fail(`evaluation stopped after ${this.limits.maxSteps} steps`, 'limit');
    }
  }

  // Walking

  private walk(dot: Value, node: Node): Signal {
    switch (node.type) {
      case 'list':
        for (const child of node.nodes) {
          const signal = this.walk(dot, child);
          if (signal !== undefined) {
            return signal;
          }
        }
        return undefined;
      case 'text':
        if (this.tree?.sourceText === undefined) {
          this.out.append(node.text, { kind: 'literal', template: this.tree?.source ?? '', offset: node.offset });
          this.checkOutput();
        } else {
          this.write(this.sourceSlice(node.offset, node.text));
        }
        return undefined;
      case 'action': {
        this.step(node.offset);
        // Declarations in an action persist to the end of the enclosing block.
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.print(value);
        }
        return undefined;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return undefined;
      case 'break':
      case 'continue':
        return node.type;
    }
  }

  private write(text: PStr): void {
    this.out.appendP(text);
    this.checkOutput();
  }

  private checkOutput(): void {
    if (this.out.length > this.limits.maxOutputLength) {
      this.fail(`output exceeds ${this.limits.maxOutputLength} characters`, 'limit');
    }
  }

  private print(value: Value): void {
    if (value instanceof PStr) {
      this.write(value);
    } else if (isNil(value)) {
      this.write(pstr('<no value>', computed('no value')));
    } else if (value instanceof Traced) {
      this.write(pstr(formatValue(value.value), value.origin));
    } else {
      this.write(pstr(formatValue(value), computed(typeof value === 'string' ? 'string' : 'formatted value')));
    }
  }

  private walkIfOrWith(dot: Value, node: BranchNode): Signal {
    this.step(node.offset);
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (truth(value)) {
        return this.walk(node.type === 'with' ? value : dot, node.list);
      }
      if (node.elseList !== null) {
        return this.walk(dot, node.elseList);
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: Value, node: BranchNode): Signal {
    this.step(node.offset);
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const mark = this.vars.length;
      const decl = node.pipe.decl;
      const iteration = (index: Value, elem: Value): Signal => {
        this.step(node.offset);
        if (decl.length > 0) {
          if (node.pipe.isAssign) {
            this.setVar(decl[0], decl.length > 1 ? index : elem);
          } else {
            this.vars[this.vars.length - 1].value = elem;
          }
        }
        if (decl.length > 1) {
          if (node.pipe.isAssign) {
            this.setVar(decl[1], elem);
          } else {
            this.vars[this.vars.length - 2].value = index;
          }
        }
        try {
          return this.walk(elem, node.list);
        } finally {
          this.vars.length = mark;
        }
      };
      const v = plain(value);
      if (Array.isArray(v)) {
        if (v.length > 0) {
          for (let i = 0; i < v.length; i++) {
            if (iteration(BigInt(i), this.tracker.child(value, i)) === 'break') {
              break;
            }
          }
          return undefined;
        }
      } else if (isMap(v)) {
        const keys = sortedKeys(v);
        if (keys.length > 0) {
          for (const key of keys) {
            if (iteration(key, this.tracker.child(value, key)) === 'break') {
              break;
            }
          }
          return undefined;
        }
      } else if (typeof v === 'bigint') {
        if (decl.length > 1) {
          this.fail(`can't use ${v} to iterate over more than one variable`);
        }
        if (v > 0n) {
          for (let i = 0n; i < v; i++) {
            if (iteration(i, i) === 'break') {
              break;
            }
          }
          return undefined;
        }
      } else if (!isNil(v)) {
        this.fail(`range can't iterate over ${formatValue(v)}`);
      }
      if (node.elseList !== null) {
        return this.walk(dot, node.elseList);
      }
      return undefined;
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: Value, node: TemplateNode): void {
    this.step(node.offset);
    const tree = this.trees.lookup(node.name);
    if (tree === undefined) {
      this.fail(`template "${node.name}" not defined`);
    }
    if (this.depth >= Math.min(MAX_EXEC_DEPTH, this.limits.maxIncludeDepth)) {
      this.fail(`exceeded maximum template depth (${Math.min(MAX_EXEC_DEPTH, this.limits.maxIncludeDepth)})`, 'limit');
    }
    const newDot = node.pipe === null ? undefined : this.evalPipeline(dot, node.pipe);
    const saved = { vars: this.vars, tree: this.tree };
    this.vars = [{ name: '$', value: newDot }];
    this.tree = tree;
    this.depth++;
    try {
      this.walk(newDot, tree.root);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tree = saved.tree;
    }
  }

  // Variables

  private setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        return this.vars[i].value;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  // Pipelines and commands

  private evalPipeline(dot: Value, pipe: PipeNode): Value {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
    }
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        this.setVar(name, value);
      } else {
        this.vars.push({ name, value });
      }
    }
    return value;
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0];
    this.offset = first.offset;
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, dot, false, first.ident, cmd.args, final);
      case 'chain': {
        if (first.node.type === 'nil') {
          this.fail(`indirection through explicit nil in ${describeArg(first)}`);
        }
        const base = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, base, false, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': {
        const value = this.varValue(first.ident[0]);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final);
          return value;
        }
        return this.evalFieldChain(dot, value, false, first.ident.slice(1), cmd.args, final);
      }
    }
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.fail('nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'number':
        return first.value;
      case 'string':
        return this.stringConstant(first.value, first.offset);
    }
  }

  /** Text written verbatim in the current template at `offset`, with its origin. */
  private sourceSlice(offset: number, text: string): PStr {
    const tree = this.tree;
    if (tree?.sourceText !== undefined) {
      return slicePStr(tree.sourceText, offset, offset + text.length);
    }
    return pstr(text, { kind: 'literal', template: tree?.source ?? '', offset });
  }

  /** A string constant keeps its place in the template when it is written without escapes. */
  private stringConstant(value: string, offset: number): PStr {
    return this.tree?.text.startsWith(value, offset + 1) ? this.sourceSlice(offset + 1, value) : pstr(value, computed('string constant'));
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.fail(`can't give argument to non-function ${describeArg(args[0])}`);
    }
  }

  private evalFieldChain(dot: Value, receiver: Value, fromMap: boolean, fields: string[], args: ArgNode[], final: Final): Value {
    let current = receiver;
    let currentFromMap = fromMap;
    for (let i = 0; i < fields.length; i++) {
      const last = i === fields.length - 1;
      [current, currentFromMap] = this.evalField(dot, fields[i], current, currentFromMap, last ? args : [], last ? final : MISSING);
    }
    return current;
  }

  private evalField(dot: Value, name: string, receiver: Value, fromMap: boolean, args: ArgNode[], final: Final): [Value, boolean] {
    if (isNil(receiver)) {
      if (!fromMap) {
        return [undefined, false];
      }
      this.fail(`nil pointer evaluating interface {}.${name}`);
    }
    const r = plain(receiver);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (r instanceof GoObject) {
      const method = r.methods[name];
      if (method !== undefined) {
        const values = args.slice(1).map((arg) => plain(this.evalArg(dot, arg)));
        if (final !== MISSING) {
          values.push(plain(final));
        }
        try {
          return [method(...values), false];
        } catch (error) {
          this.failCall(name, error);
        }
      }
      if (hasKey(r.fields, name)) {
        if (hasArgs) {
          this.fail(`${name} has arguments but cannot be invoked as function`);
        }
        return [r.fields[name], false];
      }
      this.fail(`can't evaluate field ${name} in type ${r.typeName}`);
    }
    if (isMap(r)) {
      if (hasArgs) {
        this.fail(`${name} is not a method but has arguments`);
      }
      const value = this.tracker.child(receiver, name);
      // Strings outside .Values (.Chart, .Release, …) say which field they came from.
      return [typeof value === 'string' ? pstr(value, computed(`field ${name}`)) : value, true];
    }
    this.fail(`can't evaluate field ${name} in type ${fromMap ? 'interface {}' : typeName(r)}`);
  }

  private evalArg(dot: Value, node: ArgNode): Value {
    this.offset = node.offset;
    switch (node.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, false, node.ident, [node], MISSING);
      case 'variable': {
        const value = this.varValue(node.ident[0]);
        return node.ident.length === 1 ? value : this.evalFieldChain(dot, value, false, node.ident.slice(1), [node], MISSING);
      }
      case 'pipe':
        return this.evalPipeline(dot, node);
      case 'identifier':
        return this.evalFunction(dot, node.name, [node], MISSING);
      case 'chain': {
        if (node.node.type === 'nil') {
          this.fail(`indirection through explicit nil in ${describeArg(node)}`);
        }
        return this.evalFieldChain(dot, this.evalArg(dot, node.node), false, node.field, [node], MISSING);
      }
      case 'bool':
        return node.value;
      case 'number':
        return node.value;
      case 'string':
        return this.stringConstant(node.value, node.offset);
    }
  }

  // Functions

  private evalFunction(dot: Value, name: string, args: ArgNode[], final: Final): Value {
    this.step(args[0].offset);
    if (name === 'and' || name === 'or') {
      return this.evalAndOr(dot, name, args, final);
    }
    const fn = this.funcs.get(name);
    if (fn === undefined) {
      this.fail(`"${name}" is not a defined function`);
    }
    const argNodes = args.slice(1);
    const count = argNodes.length + (final === MISSING ? 0 : 1);
    const fixed = fn.params.length;
    if (fn.variadic === undefined ? count !== fixed : count < fixed) {
      this.fail(`wrong number of args for ${name}: want ${fn.variadic === undefined ? '' : 'at least '}${fixed} got ${count}`);
    }
    const values: Value[] = [];
    argNodes.forEach((node, i) => values.push(this.convertArg(fn, i, this.evalArg(dot, node), node)));
    if (final !== MISSING) {
      values.push(this.convertArg(fn, values.length, final, null));
    }
    this.offset = args[0].offset;
    let result: Value;
    try {
      result = fn.call(values, this);
    } catch (error) {
      this.failCall(name, error);
    }
    return typeof result === 'string' ? pstr(result, computed(name)) : result;
  }

  /** A function's failure as Go reports it ("error calling NAME: …"); `fail`/`required`/unsupported keep their own text. */
  private failCall(name: string, error: unknown): never {
    if (error instanceof ExecError) {
      throw error;
    }
    if (error instanceof FunctionError) {
      this.fail(error.kind === 'fail' || error.kind === 'unsupported' ? error.message : `error calling ${name}: ${error.message}`, error.kind);
    }
    if (error instanceof RangeError) {
      this.fail(`error calling ${name}: ${error.message}`, 'limit');
    }
    throw error;
  }

  /** text/template's evalArg/validateType for one parameter of a function. */
  private convertArg(fn: TemplateFunction, index: number, value: Value, node: ArgNode | null): Value {
    const type: ParamType = index < fn.params.length ? fn.params[index] : (fn.variadic ?? 'any');
    const v = plain(value);
    const literal = node !== null && (node.type === 'number' || node.type === 'string' || node.type === 'bool' || node.type === 'nil');
    const describe = () => (node === null ? '' : describeArg(node));
    switch (type) {
      case 'any':
        return fn.keepsProvenance ? value : v;
      case 'string':
        if (isString(v)) {
          return fn.keepsProvenance ? value : v;
        }
        if (literal) {
          this.fail(`expected string; found ${describe()}`);
        }
        break;
      case 'int':
        if (typeof v === 'bigint') {
          return v;
        }
        if (literal) {
          this.fail(`expected integer; found ${describe()}`);
        }
        break;
      case 'float64':
        if (typeof v === 'number') {
          return v;
        }
        if (typeof v === 'bigint' && node?.type === 'number') {
          return Number(v);
        }
        if (literal) {
          this.fail(`expected float; found ${describe()}`);
        }
        break;
      case 'bool':
        if (typeof v === 'boolean') {
          return v;
        }
        if (literal) {
          this.fail(`expected bool; found ${describe()}`);
        }
        break;
      case 'map':
        // A nil map is a valid (empty, read-only) map in Go.
        if (isMap(v) || isNil(v)) {
          return v ?? null;
        }
        if (literal) {
          this.fail(`can't handle ${describe()} for arg of type map[string]interface {}`);
        }
        break;
    }
    const goType = type === 'map' ? 'map[string]interface {}' : type;
    if (isNil(v)) {
      this.fail(node !== null && node.type !== 'pipe' ? `wrong type for value; expected ${goType}; got interface {}` : `invalid value; expected ${goType}`);
    }
    this.fail(`wrong type for value; expected ${goType}; got ${typeName(v)}`);
  }

  private evalAndOr(dot: Value, name: 'and' | 'or', args: ArgNode[], final: Final): Value {
    const argNodes = args.slice(1);
    if (argNodes.length === 0 && final === MISSING) {
      this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
    }
    // Go 1.18+: evaluation stops at the first argument that decides the result.
    let value: Value = undefined;
    for (const node of argNodes) {
      value = this.evalArg(dot, node);
      if (truth(value) === (name === 'or')) {
        return value;
      }
    }
    if (final !== MISSING) {
      value = final;
    }
    return value;
  }
}
