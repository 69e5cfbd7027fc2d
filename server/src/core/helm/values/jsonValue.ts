/**
 * JSON values as Helm's `--set-json` reads them with Go's `encoding/json` into `any`:
 * numbers become float64 (JS `number`, so `1.10` is `1.1` and `1000000` prints `1e+06`),
 * a number too large for float64 is an error, and a key's value is the first JSON value
 * of the rest of the line (`json.Decoder`), which may be followed by more `key=json` pairs.
 */

export class JsonValueError extends Error {}

/** `json.Unmarshal`: exactly one JSON value (surrounding JSON whitespace allowed). */
export function parseJson(text: string): unknown {
  const start = skipSpace(text, 0);
  const end = valueEnd(text, start);
  if (skipSpace(text, end) !== text.length) {
    throw new JsonValueError('invalid character after top-level value');
  }
  return decode(text.slice(start, end));
}

/** `json.Decoder.Decode` then `InputOffset`: the first JSON value of `text` from `start`, and where it ends. */
export function decodeJsonPrefix(text: string, start: number): { value: unknown; end: number } {
  const end = valueEnd(text, skipSpace(text, start));
  return { value: decode(text.slice(start, end)), end };
}

function decode(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, item: unknown) => {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        throw new JsonValueError('cannot unmarshal number into Go value of type float64');
      }
      return item;
    });
  } catch (error) {
    throw error instanceof JsonValueError ? error : new JsonValueError((error as Error).message);
  }
  return value;
}

/** Go's JSON whitespace. */
function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\r\n'.includes(text[at] as string)) {
    at++;
  }
  return at;
}

const NUMBER = /-?(?:0|[1-9]\d*)/y;
const FRACTION = /\.\d+/y;
const EXPONENT = /[eE][+-]?\d+/y;

/**
 * Where the value starting at `at` ends, as Go's scanner decides it: a scalar ends at the
 * first character that cannot continue it, a container at its closing bracket. Containers
 * are only matched here (strings skipped); `decode` checks what lies between.
 */
function valueEnd(text: string, at: number): number {
  const first = text[at];
  if (first === undefined) {
    throw new JsonValueError('unexpected end of JSON input');
  }
  if (first === '"') {
    return stringEnd(text, at);
  }
  if (first === '{' || first === '[') {
    return containerEnd(text, at);
  }
  for (const literal of ['true', 'false', 'null']) {
    if (first === literal[0]) {
      if (!text.startsWith(literal, at)) {
        throw new JsonValueError(`invalid literal at ${at}`);
      }
      return at + literal.length;
    }
  }
  let end = match(NUMBER, text, at);
  if (end === null) {
    throw new JsonValueError(`invalid character ${JSON.stringify(first)} looking for beginning of value`);
  }
  // Once a '.' or an exponent starts, it must be complete ("1." and "1e" are errors, "1x" is 1).
  for (const [pattern, starts] of [[FRACTION, '.'], [EXPONENT, 'eE']] as const) {
    if (text[end] !== undefined && starts.includes(text[end] as string)) {
      const next = match(pattern, text, end);
      if (next === null) {
        throw new JsonValueError(`invalid number at ${end}`);
      }
      end = next;
    }
  }
  return end;
}

function match(pattern: RegExp, text: string, at: number): number | null {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : null;
}

function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return i + 1;
    }
  }
  throw new JsonValueError('unexpected end of JSON input');
}

function containerEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i) - 1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        return i + 1;
      }
    }
  }
  throw new JsonValueError('unexpected end of JSON input');
}
