/**
 * How Helm types an unquoted YAML scalar. Helm reads YAML with sigs.k8s.io/yaml:
 * go-yaml v2 resolves the plain scalar (YAML 1.1 rules: `yes`/`on`/`y` are booleans,
 * `017` is octal, `1_000` is 1000), then the result goes through JSON, so every number
 * becomes a float64 (`1.10` renders `1.1`, `1000000` renders `1e+06`).
 * Port of go-yaml v2 `resolve.go` (`resolveMap`, `resolveTable`, `yamlStyleFloat`).
 */

export type ResolvedScalar =
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  /** `integer`: go-yaml resolved an int (it matters when the target is a Go string). */
  | { kind: 'number'; value: number; integer: boolean }
  /** `.inf`/`.nan`: go-yaml accepts them but JSON cannot carry them, so Helm fails. */
  | { kind: 'unrepresentable'; source: string };

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** go-yaml v2 `allowedTimestampFormats` start with a date: such scalars stay strings through JSON. */
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?: *(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;

export function resolvePlainScalar(text: string): ResolvedScalar {
  if (TRUE_WORDS.has(text)) {
    return { kind: 'bool', value: true };
  }
  if (FALSE_WORDS.has(text)) {
    return { kind: 'bool', value: false };
  }
  if (NULL_WORDS.has(text)) {
    return { kind: 'null' };
  }
  if (SPECIAL_FLOATS.has(text)) {
    return { kind: 'unrepresentable', source: text };
  }
  const first = text[0] as string;
  if (first === '.') {
    const value = parseGoFloat(text);
    return value === null ? { kind: 'string', value: text } : { kind: 'number', value, integer: false };
  }
  if (!/[-+0-9]/.test(first)) {
    return { kind: 'string', value: text };
  }
  if (TIMESTAMP.test(text)) {
    return { kind: 'string', value: text };
  }
  const plain = text.replace(/_/g, '');
  const integer = parseGoInteger(plain);
  if (integer !== null) {
    return { kind: 'number', value: integer, integer: true };
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = parseGoFloat(plain);
    if (value !== null) {
      return { kind: 'number', value, integer: false };
    }
  }
  const binary = /^([-+]?)0b([01]+)$/.exec(plain);
  if (binary) {
    const value = Number.parseInt(binary[2] as string, 2);
    return { kind: 'number', value: binary[1] === '-' ? -value : value, integer: true };
  }
  return { kind: 'string', value: text };
}

/** `strconv.ParseInt(s, 0, 64)` / `ParseUint`: sign, then 0x/0o/0b/0 prefixes, as a float64. */
function parseGoInteger(text: string): number | null {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) {
    return null;
  }
  const body = match[2] as string;
  let magnitude: bigint;
  if (/^0[xXoObB]/.test(body)) {
    magnitude = BigInt(body.toLowerCase());
  } else if (body.length > 1 && body[0] === '0') {
    magnitude = BigInt(`0o${body.slice(1)}`);
  } else {
    magnitude = BigInt(body);
  }
  const negative = match[1] === '-';
  // int64 for signed values, uint64 for large positive ones; beyond that go-yaml falls through to float.
  if (negative ? magnitude > 2n ** 63n : magnitude >= 2n ** 64n) {
    return null;
  }
  return Number(negative ? -magnitude : magnitude);
}

/** `strconv.ParseFloat(s, 64)` for the forms YAML_STYLE_FLOAT admits (and `.5`). */
function parseGoFloat(text: string): number | null {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON object key (`y:` becomes `"true"`). */
export function jsonKeyOf(resolved: ResolvedScalar): string {
  switch (resolved.kind) {
    case 'string':
      return resolved.value;
    case 'bool':
      return String(resolved.value);
    case 'null':
      return 'null';
    case 'number':
      return Number.isInteger(resolved.value) ? BigInt(resolved.value).toString() : String(resolved.value);
    case 'unrepresentable':
      return resolved.source;
  }
}

/**
 * A plain scalar decoded into a Go `string` field by sigs.k8s.io/yaml (Chart.yaml's
 * `version`, `appVersion`…): ints print in decimal, floats with `FormatFloat(f, 'g', -1, 32)`
 * (`appVersion: 1.10` becomes "1.1", `1.0` becomes "1"), booleans as true/false, null as "".
 */
export function goStringOfPlain(text: string): string {
  const resolved = resolvePlainScalar(text);
  switch (resolved.kind) {
    case 'string':
      return resolved.value;
    case 'bool':
      return String(resolved.value);
    case 'null':
      return '';
    case 'unrepresentable':
      return text;
    case 'number':
      return resolved.integer ? BigInt(resolved.value).toString() : formatFloat32Shortest(resolved.value);
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32): shortest float32 digits; exponent form when exp < -4 or exp >= 6 (strconv uses precision 6 for this decision when shortest). */
function formatFloat32Shortest(value: number): string {
  const target = Math.fround(value);
  let digits = '';
  for (let precision = 1; precision <= 9; precision++) {
    digits = target.toExponential(precision - 1);
    if (Math.fround(Number(digits)) === target) {
      break;
    }
  }
  const [mantissa, exponentText] = digits.split('e') as [string, string];
  const exponent = Number(exponentText);
  const significant = mantissa.replace(/\.?0+$/, '');
  if (exponent < -4 || exponent >= 6) {
    return `${significant}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(Number(`${significant}e${exponent}`));
}
