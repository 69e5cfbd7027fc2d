/**
 * The few Go string functions whose results leak into the behaviour or the
 * error messages we reproduce, where JS built-ins differ.
 */

/**
 * `strings.ToLower`. Go maps each rune with its simple case mapping; JS's
 * `toLowerCase` uses full mappings, which differ only for U+0130 (`İ` → `i`
 * in Go, `i̇` in JS) and the contextual final sigma — and only the former can
 * turn into ASCII, the one thing the reference grammar looks at.
 */
export function goToLower(text: string): string {
  return text.replace(/\u0130/g, 'i').toLowerCase();
}

/** `len(s)`: Go counts UTF-8 bytes. */
export function goByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\v', '\\v'],
  ['"', '\\"'],
  ['\\', '\\\\'],
]);

/** `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Lone UTF-16 surrogates, which Go's JSON/YAML decoders turn into U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `strconv.Quote` (`%q`): printable runes stay as they are, the rest are escaped. */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text.replace(LONE_SURROGATE, '\ufffd')) {
    const codePoint = char.codePointAt(0) ?? 0;
    const short = SHORT_ESCAPES.get(char);
    if (short !== undefined) {
      quoted += short;
    } else if (PRINTABLE.test(char)) {
      quoted += char;
    } else if (codePoint < 0x80) {
      quoted += `\\x${hex(codePoint, 2)}`;
    } else if (codePoint < 0x10000) {
      quoted += `\\u${hex(codePoint, 4)}`;
    } else {
      quoted += `\\U${hex(codePoint, 8)}`;
    }
  }
  return `${quoted}"`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
