/** Go literal syntax: strconv.Unquote for string and char constants, number constants. */

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** strconv.Unquote of a "…", `…` or '…' literal; throws Error("invalid syntax") like Go. */
export function unquoteGo(literal: string): string {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) {
    throw new Error('invalid syntax');
  }
  const body = literal.slice(1, -1);
  if (quote === '`') {
    return body.replace(/\r/g, '');
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      if (c === quote || c === '\n') {
        throw new Error('invalid syntax');
      }
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (e === quote) {
      out += e;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        throw new Error('invalid syntax');
      }
      const code = parseInt(hex, 16);
      if (e !== 'x' && (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) {
        throw new Error('invalid syntax');
      }
      // \x is a byte; bytes ≥ 0x80 are not valid UTF-8 on their own: the replacement char is the best JS can show.
      out += e === 'x' && code >= 0x80 ? '\ufffd' : String.fromCodePoint(code);
      i += width;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) {
        throw new Error('invalid syntax');
      }
      const code = parseInt(oct, 8);
      out += code >= 0x80 ? '\ufffd' : String.fromCharCode(code);
      i += 2;
    } else {
      throw new Error('invalid syntax');
    }
  }
  if (quote === "'" && [...out].length !== 1) {
    throw new Error('invalid syntax');
  }
  return out;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function fitsInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

/** Go's number constant as text/template evaluates it: int (bigint) or float64 (number). */
export function parseGoNumber(text: string): bigint | number {
  const clean = text.replace(/_/g, '');
  if (clean.endsWith('i')) {
    try {
      parseGoNumber(clean.slice(0, -1));
    } catch {
      throw new Error(`illegal number syntax: "${text}"`);
    }
    throw new Error(`complex numbers are not supported: ${text}`);
  }
  const sign = clean.startsWith('-') ? -1n : 1n;
  const unsigned = clean.replace(/^[+-]/, '');
  const isHex = /^0[xX]/.test(unsigned);
  const isFloat = isHex ? /[pP]/.test(unsigned) : /[.eE]/.test(unsigned);
  if (!isFloat) {
    let digits = unsigned;
    if (/^0[0-7]+$/.test(digits)) {
      digits = '0o' + digits.slice(1);
    }
    if (!/^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/.test(digits)) {
      throw new Error(`illegal number syntax: "${text}"`);
    }
    const value = sign * BigInt(digits);
    if (!fitsInt64(value)) {
      throw new Error(`${text} overflows int`);
    }
    return value;
  }
  const value = isHex ? parseHexFloat(unsigned) : Number(unsigned);
  if (Number.isNaN(value) || !/^(0[xX][0-9a-fA-F.]+[pP][+-]?\d+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(unsigned)) {
    throw new Error(`illegal number syntax: "${text}"`);
  }
  return sign < 0n ? -value : value;
}

function parseHexFloat(text: string): number {
  const match = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(text);
  if (match === null) {
    return NaN;
  }
  const mantissa = parseInt(match[1] + match[2] || '0', 16);
  return mantissa * 2 ** (Number(match[3]) - 4 * match[2].length);
}
