/**
 * `--set` / `--set-string` parsing, a port of Helm's `pkg/strvals/parser.go`
 * (`ParseInto`, `ParseIntoString`): `a.b=1,c[0].d=x`, `{a,b}` lists, `\` escapes
 * the next character, `null` deletes (as a nil value), and only integers without a
 * leading zero become int64 (`bigint` here); everything else stays a string.
 * Errors carry Helm's wording.
 */
import type { Values } from './valueTypes';
import { isTable } from './valueTypes';

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

class EndOfInput {}
const EOF = new EndOfInput();

class NotAList {}
const NOT_A_LIST = new NotAList();

export class StrvalsError extends Error {}

/** Parses one `--set` argument into `dest` (mutated, like Helm). */
export function parseSetInto(expression: string, dest: Values, asString = false): void {
  new Parser(expression, asString).parse(dest);
}

class Scanner {
  private readonly runes: string[];
  private at = 0;

  constructor(text: string) {
    this.runes = Array.from(text);
  }

  read(): string | EndOfInput {
    return this.at < this.runes.length ? (this.runes[this.at++] as string) : EOF;
  }

  unread(): void {
    this.at--;
  }

  /** runesUntil: characters up to one of `stop` (consumed), `\` escaping the next one. */
  until(stop: string): { text: string; last: string | EndOfInput } {
    let text = '';
    for (;;) {
      const r = this.read();
      if (r === EOF) {
        return { text, last: EOF };
      }
      const rune = r as string;
      if (stop.includes(rune)) {
        return { text, last: rune };
      }
      if (rune === '\\') {
        const next = this.read();
        if (next === EOF) {
          return { text, last: EOF };
        }
        text += next as string;
        continue;
      }
      text += rune;
    }
  }
}

class Parser {
  private readonly scanner: Scanner;

  constructor(
    text: string,
    private readonly asString: boolean,
  ) {
    this.scanner = new Scanner(text);
  }

  parse(data: Values): void {
    for (;;) {
      const result = this.key(data, 0);
      if (result === EOF) {
        return;
      }
    }
  }

  /** Returns EOF at the end of the input, undefined to continue with the next key; throws on errors. */
  private key(data: Values, nestedNameLevel: number): EndOfInput | undefined {
    const { text: k, last } = this.scanner.until('=[,.');
    if (last === EOF) {
      if (k.length === 0) {
        return EOF;
      }
      throw new StrvalsError(`key "${k}" has no value`);
    }
    switch (last) {
      case '[': {
        const index = this.keyIndex();
        const existing = data[k];
        if (existing !== undefined && !Array.isArray(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not []interface {}`);
        }
        const { list, end } = this.listItem(existing === undefined ? [] : existing, index, nestedNameLevel);
        set(data, k, list);
        return end;
      }
      case '=': {
        const list = this.valList();
        if (list === EOF) {
          set(data, k, '');
          return EOF;
        }
        if (list !== NOT_A_LIST) {
          set(data, k, list);
          return undefined;
        }
        // Like Helm, a value ending the input still returns "continue"; the next key() sees the end.
        set(data, k, this.typed(this.scanner.until(',').text));
        return undefined;
      }
      case ',':
        set(data, k, '');
        throw new StrvalsError(`key "${k}" has no value (cannot end with ,)`);
      default: {
        // '.'
        if (nestedNameLevel + 1 > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner: Values = {};
        if (k in data) {
          const existing = data[k];
          if (!isTable(existing)) {
            throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not map[string]interface {}`);
          }
          inner = existing;
        }
        const end = this.key(inner, nestedNameLevel + 1);
        if (end === undefined && Object.keys(inner).length === 0) {
          throw new StrvalsError(`key map "${k}" has no value`);
        }
        if (Object.keys(inner).length !== 0) {
          set(data, k, inner);
        }
        return end;
      }
    }
  }

  private keyIndex(): number {
    const { text, last } = this.scanner.until(']');
    if (last === EOF) {
      throw new StrvalsError('error parsing index: EOF');
    }
    if (!/^[-+]?\d+$/.test(text)) {
      throw new StrvalsError(`error parsing index: strconv.Atoi: parsing "${text}": invalid syntax`);
    }
    return Number.parseInt(text, 10);
  }

  private listItem(list: unknown[], index: number, nestedNameLevel: number): { list: unknown[]; end: EndOfInput | undefined } {
    if (index < 0) {
      throw new StrvalsError(`negative ${index} index not allowed`);
    }
    const { text, last } = this.scanner.until('[.=');
    if (text.length > 0) {
      throw new StrvalsError(`unexpected data at end of array index: "${text}"`);
    }
    if (last === EOF) {
      return { list, end: EOF };
    }
    switch (last) {
      case '=': {
        const values = this.valList();
        if (values === EOF) {
          return { list: setIndex(list, index, ''), end: EOF };
        }
        if (values !== NOT_A_LIST) {
          return { list: setIndex(list, index, values), end: undefined };
        }
        return { list: setIndex(list, index, this.typed(this.scanner.until(',').text)), end: undefined };
      }
      case '[': {
        const nextIndex = this.keyIndex();
        const existing = list.length > index ? list[index] : undefined;
        if (existing !== undefined && existing !== null && !Array.isArray(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not []interface {}`);
        }
        const inner = this.listItem(Array.isArray(existing) ? existing : [], nextIndex, nestedNameLevel);
        return { list: setIndex(list, index, inner.list), end: inner.end };
      }
      default: {
        // '.': a map inside the list.
        let inner: Values = {};
        if (list.length > index) {
          const existing = list[index];
          if (isTable(existing)) {
            inner = existing;
          } else {
            list[index] = inner;
          }
        }
        const end = this.key(inner, nestedNameLevel);
        return { list: setIndex(list, index, inner), end };
      }
    }
  }

  /** `{a,b}` list syntax; NOT_A_LIST when the value does not start with `{`. */
  private valList(): unknown[] | EndOfInput | NotAList {
    const first = this.scanner.read();
    if (first === EOF) {
      return EOF;
    }
    if (first !== '{') {
      this.scanner.unread();
      return NOT_A_LIST;
    }
    const list: unknown[] = [];
    for (;;) {
      const { text, last } = this.scanner.until(',}');
      if (last === EOF) {
        throw new StrvalsError("list must terminate with '}'");
      }
      list.push(this.typed(text));
      if (last === '}') {
        const next = this.scanner.read();
        if (next !== EOF && next !== ',') {
          this.scanner.unread();
        }
        return list;
      }
    }
  }

  /** strvals `typedVal`. */
  private typed(value: string): unknown {
    if (this.asString) {
      return value;
    }
    const lower = value.toLowerCase();
    if (lower === 'true') {
      return true;
    }
    if (lower === 'false') {
      return false;
    }
    if (lower === 'null') {
      return null;
    }
    if (value === '0') {
      return 0n;
    }
    if (value.length > 0 && value[0] !== '0' && /^[-+]?\d+$/.test(value)) {
      const parsed = BigInt(value);
      if (parsed >= -(2n ** 63n) && parsed < 2n ** 63n) {
        return parsed;
      }
    }
    return value;
  }
}

function set(data: Values, key: string, value: unknown): void {
  if (key.length > 0) {
    data[key] = value;
  }
}

function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  if (index < 0) {
    throw new StrvalsError(`negative ${index} index not allowed`);
  }
  if (index > MAX_INDEX) {
    throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  }
  while (list.length <= index) {
    list.push(null);
  }
  list[index] = value;
  return list;
}

function goTypeName(value: unknown): string {
  if (value === null || value === undefined) {
    return 'nil';
  }
  if (typeof value === 'string') {
    return 'string';
  }
  if (typeof value === 'boolean') {
    return 'bool';
  }
  if (typeof value === 'bigint') {
    return 'int64';
  }
  if (typeof value === 'number') {
    return 'float64';
  }
  return Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
}
