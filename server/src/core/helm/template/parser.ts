/**
 * Parser following Go's text/template/parse/parse.go: one source text gives its own tree
 * plus every `define`/`block` tree, with Go's parse-time checks (unknown functions,
 * undefined variables, `break` outside `range`, misplaced `else`/`end`).
 */
import type { ArgNode, BranchNode, CommandNode, ListNode, Node, PipeNode, TemplateNode, Tree } from './ast';
import { isEmptyTree } from './ast';
import { parseGoNumber, unquoteGo } from './goLiterals';
import type { Token } from './lexer';
import { lex } from './lexer';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface ParsedSource {
  /** The file's own tree first, then its definitions in order. */
  trees: Tree[];
}

type EndMarker = { type: 'end' | 'else'; offset: number };

export function parseTemplate(name: string, text: string, isFunction: (name: string) => boolean): ParsedSource {
  return new Parser(name, text, isFunction).parse();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly definitions: Tree[] = [];

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly isFunction: (name: string) => boolean,
  ) {
    this.tokens = lex(text);
    const error = this.tokens[this.tokens.length - 1];
    if (error.type === 'error') {
      throw new ParseError(error.value, error.offset);
    }
  }

  parse(): ParsedSource {
    const root: ListNode = { type: 'list', nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const mark = this.index;
        this.next();
        if (this.nextNonSpace().value === 'define' && this.tokens[this.index - 1].type === 'keyword') {
          this.parseDefinition();
          continue;
        }
        this.index = mark;
      }
      const node = this.textOrAction();
      if ('type' in node && (node.type === 'end' || node.type === 'else')) {
        this.fail(`unexpected {{${node.type}}}`, node.offset);
      }
      root.nodes.push(node as Node);
    }
    return { trees: [{ name: this.name, source: this.name, text: this.text, root }, ...this.definitions] };
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.templateName(context);
    this.expect('rightDelim', context);
    this.definitionBody(name, context);
  }

  /** The quoted name after `define`, `block` or `template`. */
  private templateName(context: string): { name: string; offset: number } {
    const token = this.nextNonSpace();
    if (token.type !== 'string' && token.type !== 'rawString') {
      this.unexpected(token, context);
    }
    return { name: this.unquote(token), offset: token.offset };
  }

  /** A definition's body up to its {{end}}; only `$` is in scope inside it. */
  private definitionBody(name: { name: string; offset: number }, context: string): void {
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = savedVars;
    if (end.type !== 'end') {
      this.fail(`unexpected {{${end.type}}} in ${context}`, end.offset);
    }
    this.addDefinition(name.name, list, name.offset);
  }

  private addDefinition(name: string, root: ListNode, offset: number): void {
    const existing = this.definitions.findIndex((tree) => tree.name === name);
    if (existing < 0) {
      this.definitions.push({ name, source: this.name, text: this.text, root });
    } else if (isEmptyTree(this.definitions[existing].root)) {
      this.definitions[existing] = { name, source: this.name, text: this.text, root };
    } else if (!isEmptyTree(root)) {
      this.fail(`template: multiple definition of template "${name}"`, offset);
    }
  }

  private itemList(): [ListNode, EndMarker] {
    const list: ListNode = { type: 'list', nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const node = this.textOrAction();
      if (node.type === 'end' || node.type === 'else') {
        return [list, node as EndMarker];
      }
      list.nodes.push(node as Node);
    }
    this.fail('unexpected EOF', this.peek().offset);
  }

  private textOrAction(): Node | EndMarker {
    const token = this.nextNonSpace();
    if (token.type === 'text') {
      return { type: 'text', text: token.value, offset: token.offset };
    }
    if (token.type === 'leftDelim') {
      return this.action();
    }
    this.unexpected(token, 'input');
  }

  private action(): Node | EndMarker {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.value) {
        case 'block':
          return this.blockControl(token);
        case 'break':
        case 'continue':
          return this.loopControl(token);
        case 'else':
          return this.elseControl(token);
        case 'end':
          this.expect('rightDelim', 'end');
          return { type: 'end', offset: token.offset };
        case 'if':
        case 'range':
        case 'with':
          return this.branchControl(token.value, token.offset);
        case 'template':
          return this.templateControl(token);
      }
    }
    this.backup();
    const start = this.peek().offset;
    return { type: 'action', pipe: this.pipeline('command', 'rightDelim'), offset: start };
  }

  private loopControl(token: Token): Node {
    const next = this.nextNonSpace();
    if (next.type !== 'rightDelim') {
      this.unexpected(next, `{{${token.value}}}`);
    }
    if (this.rangeDepth === 0) {
      this.fail(`{{${token.value}}} outside {{range}}`, token.offset);
    }
    return { type: token.value as 'break' | 'continue', offset: token.offset };
  }

  private elseControl(token: Token): EndMarker {
    const peek = this.peekNonSpace();
    if (peek.type === 'keyword' && (peek.value === 'if' || peek.value === 'with')) {
      // "{{else if …" is "{{else}}{{if …"; the keyword stays for branchControl.
      return { type: 'else', offset: token.offset };
    }
    this.expect('rightDelim', 'else');
    return { type: 'else', offset: token.offset };
  }

  private branchControl(context: 'if' | 'range' | 'with', offset: number): BranchNode {
    const savedVars = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') {
      this.rangeDepth++;
    }
    const [list, next] = this.itemList();
    if (context === 'range') {
      this.rangeDepth--;
    }
    let elseList: ListNode | null = null;
    if (next.type === 'else') {
      const keyword = this.peek();
      if (context !== 'range' && keyword.type === 'keyword' && keyword.value === context) {
        this.next();
        elseList = { type: 'list', nodes: [this.branchControl(context, keyword.offset)] };
      } else {
        const [elseNodes, end] = this.itemList();
        if (end.type !== 'end') {
          this.fail(`expected end; found {{${end.type}}}`, end.offset);
        }
        elseList = elseNodes;
      }
    }
    this.vars.length = savedVars;
    return { type: context, pipe, list, elseList, offset };
  }

  private templateControl(token: Token): TemplateNode {
    const context = 'template clause';
    const { name } = this.templateName(context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', name, pipe, offset: token.offset };
  }

  private blockControl(token: Token): TemplateNode {
    const context = 'block clause';
    const name = this.templateName(context);
    const pipe = this.pipeline(context, 'rightDelim');
    this.definitionBody(name, context);
    return { type: 'template', name: name.name, pipe, offset: token.offset };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { type: 'pipe', isAssign: false, decl: [], cmds: [], offset: this.peekNonSpace().offset };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') {
        break;
      }
      const mark = this.index;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(v.value);
        this.vars.push(v.value);
      } else if (next.type === 'char' && next.value === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.value);
        this.vars.push(v.value);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace();
          if (after.type === 'variable' || after.type === 'rightDelim' || after.type === 'rightParen') {
            continue;
          }
          this.fail('range can only initialize variables', after.offset);
        }
        this.fail(`too many declarations in ${context}`, next.offset);
      } else {
        this.index = mark;
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.type) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) {
      this.fail(`missing value for ${context}`, pipe.offset);
    }
    pipe.cmds.slice(1).forEach((cmd, i) => {
      const first = cmd.args[0].type;
      if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string') {
        this.fail(`non executable command in pipeline stage ${i + 2}`, cmd.offset);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', args: [], offset: this.peekNonSpace().offset };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) {
        cmd.args.push(operand);
      }
      const token = this.next();
      if (token.type === 'space') {
        continue;
      }
      if (token.type === 'rightDelim' || token.type === 'rightParen') {
        this.backup();
      } else if (token.type !== 'pipe') {
        this.unexpected(token, 'operand');
      }
      break;
    }
    if (cmd.args.length === 0) {
      this.fail('empty command', cmd.offset);
    }
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null || this.peek().type !== 'field') {
      return node;
    }
    const fields: string[] = [];
    while (this.peek().type === 'field') {
      fields.push(this.next().value.slice(1));
    }
    switch (node.type) {
      case 'field':
        return { type: 'field', ident: [...node.ident, ...fields], offset: node.offset };
      case 'variable':
        return { type: 'variable', ident: [...node.ident, ...fields], offset: node.offset };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term "${node.type === 'string' ? JSON.stringify(node.value) : node.type === 'number' ? node.text : node.type === 'bool' ? String(node.value) : node.type === 'nil' ? 'nil' : '.'}"`, node.offset);
      // eslint-disable-next-line no-fallthrough
      default:
        return { type: 'chain', node, field: fields, offset: node.offset };
    }
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!this.isFunction(token.value)) {
          this.fail(`function "${token.value}" not defined`, token.offset);
        }
        return { type: 'identifier', name: token.value, offset: token.offset };
      case 'dot':
        return { type: 'dot', offset: token.offset };
      case 'nil':
        return { type: 'nil', offset: token.offset };
      case 'variable':
        return this.useVar(token);
      case 'field':
        return { type: 'field', ident: token.value.slice(1).split('.'), offset: token.offset };
      case 'bool':
        return { type: 'bool', value: token.value === 'true', offset: token.offset };
      case 'charConstant':
        return { type: 'number', text: token.value, value: BigInt(this.unquote(token).codePointAt(0) ?? 0), offset: token.offset };
      case 'number':
        try {
          return { type: 'number', text: token.value, value: parseGoNumber(token.value), offset: token.offset };
        } catch (error) {
          this.fail((error as Error).message, token.offset);
        }
      // eslint-disable-next-line no-fallthrough
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', value: this.unquote(token), offset: token.offset };
      default:
        this.backup();
        return null;
    }
  }

  private useVar(token: Token): ArgNode {
    const ident = token.value.split('.');
    if (!this.vars.includes(ident[0])) {
      this.fail(`undefined variable "${ident[0]}"`, token.offset);
    }
    return { type: 'variable', ident, offset: token.offset };
  }

  private unquote(token: Token): string {
    try {
      return unquoteGo(token.value);
    } catch (error) {
      this.fail((error as Error).message, token.offset);
    }
  }

  private expect(type: Token['type'], context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) {
      this.unexpected(token, context);
    }
    return token;
  }

  private unexpected(token: Token, context: string): never {
    this.fail(`unexpected ${describeToken(token)} in ${context}`, token.offset);
  }

  private fail(message: string, offset: number): never {
    throw new ParseError(message, offset);
  }

  private peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private backup(): void {
    this.index--;
  }

  private nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') {
      token = this.next();
    }
    return token;
  }

  private peekNonSpace(): Token {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }
}

/** Go's item.String(). */
function describeToken(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'EOF';
    case 'keyword':
      return `<${token.value}>`;
    case 'leftDelim':
    case 'rightDelim':
      return JSON.stringify(token.value.replace(/^ -/, ''));
    default:
      return token.value.length > 10 ? `${JSON.stringify(token.value.slice(0, 10))}...` : JSON.stringify(token.value);
  }
}
