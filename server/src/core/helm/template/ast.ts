/** Parse tree of one template, shaped like Go's text/template/parse nodes. */
import type { PStr } from './provenance';

export interface ListNode {
  type: 'list';
  nodes: Node[];
}
export interface TextNode {
  type: 'text';
  text: string;
  offset: number;
}
export interface ActionNode {
  type: 'action';
  pipe: PipeNode;
  offset: number;
}
export interface BranchNode {
  type: 'if' | 'with' | 'range';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
  offset: number;
}
export interface TemplateNode {
  type: 'template';
  name: string;
  pipe: PipeNode | null;
  offset: number;
}
export interface LoopControlNode {
  type: 'break' | 'continue';
  offset: number;
}
export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode;

export interface PipeNode {
  type: 'pipe';
  isAssign: boolean;
  decl: string[];
  cmds: CommandNode[];
  offset: number;
}
export interface CommandNode {
  type: 'command';
  args: ArgNode[];
  offset: number;
}
export interface FieldNode {
  type: 'field';
  ident: string[];
  offset: number;
}
export interface ChainNode {
  type: 'chain';
  node: ArgNode;
  field: string[];
  offset: number;
}
export interface VariableNode {
  type: 'variable';
  /** ident[0] is the variable name with its `$`; the rest are fields. */
  ident: string[];
  offset: number;
}
export interface IdentifierNode {
  type: 'identifier';
  name: string;
  offset: number;
}
export interface DotNode {
  type: 'dot';
  offset: number;
}
export interface NilNode {
  type: 'nil';
  offset: number;
}
export interface BoolNode {
  type: 'bool';
  value: boolean;
  offset: number;
}
export interface NumberNode {
  type: 'number';
  text: string;
  /** bigint for Go's int constants, number for float64 constants. */
  value: bigint | number;
  offset: number;
}
export interface StringNode {
  type: 'string';
  value: string;
  offset: number;
}
export type ArgNode = FieldNode | ChainNode | VariableNode | IdentifierNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | PipeNode;

/** A parsed template: its body and the source it came from (for literal provenance). */
export interface Tree {
  name: string;
  /** Name of the source file the body was written in. */
  source: string;
  /** Text of that source (string constants keep provenance only where they appear verbatim). */
  text: string;
  root: ListNode;
  /** For `tpl` text: where its characters came from (values, other templates). */
  sourceText?: PStr;
}

/** Go's parse.IsEmptyTree: only whitespace text. An empty tree never replaces a defined one. */
export function isEmptyTree(node: Node): boolean {
  if (node.type === 'list') {
    return node.nodes.every(isEmptyTree);
  }
  return node.type === 'text' && node.text.trim().length === 0;
}

export function describeArg(node: ArgNode): string {
  switch (node.type) {
    case 'field':
      return '.' + node.ident.join('.');
    case 'chain':
      return `${node.node.type === 'pipe' ? `(${describePipe(node.node)})` : describeArg(node.node)}.${node.field.join('.')}`;
    case 'variable':
      return node.ident.join('.');
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return JSON.stringify(node.value);
    case 'pipe':
      return `(${describePipe(node)})`;
  }
}

export function describePipe(pipe: PipeNode): string {
  const decl = pipe.decl.length > 0 ? `${pipe.decl.join(', ')} ${pipe.isAssign ? '=' : ':='} ` : '';
  return decl + pipe.cmds.map((cmd) => cmd.args.map(describeArg).join(' ')).join(' | ');
}
