/**
 * `--set`-style parsing, a port of Helm's `pkg/strvals` (`parser.go`: `ParseInto`,
 * `ParseIntoString`, `ParseJSON`, `ParseIntoFile`; `literal_parser.go`: `ParseLiteralInto`):
 * `a.b=1,c[0].d=x`, `{a,b}` lists, `\` escapes the next character, `null` deletes (as a
 * nil value), and only integers without a leading zero become int64 (`bigint` here);
 * everything else stays a string. The flags differ only in how they read a value: see
 * `ValueReader`. Errors carry Helm's wording.
 */
import { goQuote, goQuoteRune } from '../template/goFormat';
import { JsonValueError, decodeJsonPrefix } from './jsonValue';
import type { Values } from './valueTypes';
import { isTable } from './valueTypes';

/** How a flag reads what follows `=`. */
export type ValueReader =
  /** `--set`: typed scalars (`true`, `null`, int64), `{a,b}` lists. */
  | { kind: 'typed' }
  /** `--set-string`: strings, `{a,b}` lists. */
  | { kind: 'string' }
  /** `--set-json`: one JSON value, empty for null; more `key=json` pairs may follow (after `,` or blanks). */
  | { kind: 'json' }
  /** `--set-file`: the text of the file named (each item of a `{a,b}` list too). */
  | { kind: 'file'; read: (path: string) => string }
  /** `--set-literal`: the rest of the line as a string, no `\` escapes or `,` in keys or value. */
  | { kind: 'literal' };

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

class EndOfInput {}
const EOF = new EndOfInput();

class NotAList {}
const NOT_A_LIST = new NotAList();

export class StrvalsError extends Error {}

/** Parses one flag argument into `dest` (mutated, like Helm). */
export function parseInto(expression: string, dest: Values, reader: ValueReader): void {
  new Parser(expression, reader).parse(dest);
}

/** Go's `unicode.IsSpace`. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

class Scanner {
  /** Position in UTF-16 code units; reads go by code point, as Go reads runes. */
  at = 0;
  private lastLength = 0;

  constructor(
    readonly text: string,
    /** Whether `\` escapes the next character (not for `--set-literal`). */
    private readonly escapes: boolean,
  ) {}

  read(): string | EndOfInput {
    if (this.at >= this.text.length) {
      return EOF;
    }
    const rune = String.fromCodePoint(this.text.codePointAt(this.at) as number);
    this.lastLength = rune.length;
    this.at += rune.length;
    return rune;
  }

  unread(): void {
    this.at -= this.lastLength;
  }

  /** The rest of the input, consumed (`--set-literal`'s value). */
  rest(): string {
    const text = this.text.slice(this.at);
    this.at = this.text.length;
    return text;
  }

  /** emptyVal: skips blanks up to a `,` (consumed) or the end (then true), or to anything else (left, then false). */
  emptyValue(): boolean {
    for (;;) {
      const rune = this.read();
      if (rune === EOF || rune === ',') {
        return true;
      }
      if (!GO_SPACE.test(rune as string)) {
        this.unread();
        return false;
      }
    }
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
      if (rune === '\\' && this.escapes) {
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
    private readonly reader: ValueReader,
  ) {
    this.scanner = new Scanner(text, reader.kind !== 'literal');
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
    // --set-literal has no `,` between pairs: one argument sets one key, commas and all.
    const { text: k, last } = this.scanner.until(this.reader.kind === 'literal' ? '=[.' : '=[,.');
    if (last === EOF) {
      if (k.length === 0) {
        return EOF;
      }
      throw new StrvalsError(`key ${goQuote(k)} has no value`);
    }
    switch (last) {
      case '[': {
        const index = this.keyIndex();
        if (index instanceof EndOfInput) {
          return EOF;
        }
        const existing = data[k];
        if (existing !== undefined && !Array.isArray(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not []interface {}`);
        }
        const { list, end } = this.listItem(existing === undefined ? [] : existing, index, nestedNameLevel);
        set(data, k, list);
        return end;
      }
      case '=': {
        const value = this.value();
        set(data, k, value.value);
        return value.end;
      }
      case ',':
        set(data, k, '');
        throw new StrvalsError(`key ${goQuote(k)} has no value (cannot end with ,)`);
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
          throw new StrvalsError(`key map ${goQuote(k)} has no value`);
        }
        if (Object.keys(inner).length !== 0) {
          set(data, k, inner);
        }
        return end;
      }
    }
  }

  /** The index up to `]`; EOF when the input ends first, which Helm takes for a normal end (its error wraps io.EOF): `a[` sets nothing. */
  private keyIndex(): number | EndOfInput {
    const { text, last } = this.scanner.until(']');
    if (last === EOF) {
      return EOF;
    }
    if (!/^[-+]?\d+$/.test(text)) {
      throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
    }
    if (!isInt64(BigInt(text))) {
      throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(text)}: value out of range`);
    }
    return Number.parseInt(text, 10);
  }

  private listItem(list: unknown[], index: number, nestedNameLevel: number): { list: unknown[]; end: EndOfInput | undefined } {
    if (index < 0) {
      throw new StrvalsError(`negative ${index} index not allowed`);
    }
    const { text, last } = this.scanner.until('[.=');
    if (text.length > 0) {
      throw new StrvalsError(`unexpected data at end of array index: ${quoteRunes(text)}`);
    }
    if (last === EOF) {
      return { list, end: EOF };
    }
    switch (last) {
      case '=': {
        // Unlike a key's, an item's empty value (`list[0]=`) does not end the input for Helm.
        return { list: setIndex(list, index, this.value().value), end: undefined };
      }
      case '[': {
        const nextIndex = this.keyIndex();
        if (nextIndex instanceof EndOfInput) {
          return { list, end: EOF };
        }
        const existing = list.length > index ? list[index] : undefined;
        if (existing !== undefined && existing !== null && !Array.isArray(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not []interface {}`);
        }
        const inner = this.listItem(Array.isArray(existing) ? existing : [], nextIndex, nestedNameLevel);
        // As for a map item, an inner end of input leaves this item unset (`a[0][1].b=`).
        return inner.end === EOF ? { list, end: EOF } : { list: setIndex(list, index, inner.list), end: undefined };
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
        // Helm stops without setting the item when the map's key ended the input (`list[0].a=`).
        return end === EOF ? { list, end } : { list: setIndex(list, index, inner), end };
      }
    }
  }

  /**
   * What follows `=`, read as the flag reads it, and whether the key ends the input
   * (Helm's `io.EOF` from `key()`: only an empty value at the very end, and only for the
   * flags with `{a,b}` lists).
   */
  private value(): { value: unknown; end: EndOfInput | undefined } {
    switch (this.reader.kind) {
      case 'literal':
        return { value: this.scanner.rest(), end: undefined };
      case 'json': {
        if (this.scanner.emptyValue()) {
          return { value: null, end: undefined };
        }
        let decoded: { value: unknown; end: number };
        try {
          decoded = decodeJsonPrefix(this.scanner.text, this.scanner.at);
        } catch (error) {
          throw error instanceof JsonValueError ? new StrvalsError(error.message) : error;
        }
        this.scanner.at = decoded.end;
        this.scanner.emptyValue();
        return { value: decoded.value, end: undefined };
      }
      default: {
        const list = this.valList();
        if (list === EOF) {
          return { value: '', end: EOF };
        }
        // Like Helm, a value ending the input still returns "continue"; the next key() sees the end.
        return { value: list === NOT_A_LIST ? this.scalar(this.scanner.until(',').text) : list, end: undefined };
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
      list.push(this.scalar(text));
      if (last === '}') {
        const next = this.scanner.read();
        if (next !== EOF && next !== ',') {
          this.scanner.unread();
        }
        return list;
      }
    }
  }

  /** One value of `--set`, `--set-string` or `--set-file` (strvals `typedVal`, or the file reader). */
  private scalar(value: string): unknown {
    if (this.reader.kind === 'file') {
      return this.reader.read(value);
    }
    if (this.reader.kind !== 'typed') {
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
      if (isInt64(parsed)) {
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

/** Go's `%q` of a `[]rune`: `['n' 'a' 'm' 'e']`. */
function quoteRunes(text: string): string {
  return `[${Array.from(text, goQuoteRune).join(' ')}]`;
}

function isInt64(value: bigint): boolean {
  return value >= -(2n ** 63n) && value < 2n ** 63n;
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
