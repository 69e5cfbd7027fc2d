/** Sprig's base64/base32 functions and digests (crypto.go, functions.go). */
import type { TemplateFunction } from '../functions';
import { fn } from '../functions';
import { adler32, sha1Hex, sha256Hex } from './digests';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function encodeBits(bytes: Uint8Array, alphabet: string, bitsPerChar: number, blockChars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= bitsPerChar) {
      bits -= bitsPerChar;
      out += alphabet[(buffer >> bits) & ((1 << bitsPerChar) - 1)];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) {
    out += alphabet[(buffer << (bitsPerChar - bits)) & ((1 << bitsPerChar) - 1)];
  }
  while (out.length % blockChars !== 0) {
    out += '=';
  }
  return out;
}

/** Go's StdEncoding.DecodeString; Sprig returns the error text on failure. */
function decodeBits(text: string, alphabet: string, bitsPerChar: number, blockChars: number, name: string): string {
  const corrupt = (at: number) => `illegal ${name} data at input byte ${at}`;
  if (text.length % blockChars !== 0) {
    const valid = [...text].findIndex((ch) => !alphabet.includes(ch) && ch !== '=');
    return corrupt(valid >= 0 ? valid : text.length - (text.length % blockChars));
  }
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '=') {
      padding = true;
      continue;
    }
    const index = alphabet.indexOf(ch);
    if (index < 0 || padding) {
      return corrupt(i);
    }
    buffer = (buffer << bitsPerChar) | index;
    bits += bitsPerChar;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const utf8 = (s: unknown) => new TextEncoder().encode(s as string);

export const encodingFunctions: Record<string, TemplateFunction> = {
  b64enc: fn(['string'], ([s]) => encodeBits(utf8(s), B64, 6, 4)),
  b64dec: fn(['string'], ([s]) => decodeBits(s as string, B64, 6, 4, 'base64')),
  b32enc: fn(['string'], ([s]) => encodeBits(utf8(s), B32, 5, 8)),
  b32dec: fn(['string'], ([s]) => decodeBits(s as string, B32, 5, 8, 'base32')),
  sha256sum: fn(['string'], ([s]) => sha256Hex(s as string)),
  sha1sum: fn(['string'], ([s]) => sha1Hex(s as string)),
  adler32sum: fn(['string'], ([s]) => adler32(s as string)),
};
