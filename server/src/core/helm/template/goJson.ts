/** Go's encoding/json Marshal for template values: sorted keys, HTML-safe escaping, Go's float format. */
import { formatFloat } from './goFormat';
import { GoObject, isMap, isNil, plain, sortedKeys } from './values';
import type { Value } from './values';

export class JsonError extends Error {}

function quote(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code < 0x20 || (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/** encoding/json's float64 format: %f between 1e-6 and 1e21, else %e with a short exponent. */
function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) {
    throw new JsonError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  }
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return formatFloat(f, 'e', -1).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatFloat(f, 'f', -1);
}

export function marshalJson(value: Value, options: { escapeHtml: boolean; indent?: string } = { escapeHtml: true }, depth = 0, prefix = ''): string {
  if (depth > 10_000) {
    throw new JsonError('json: value nested too deeply');
  }
  const v = plain(value);
  const indent = options.indent;
  const inner = indent === undefined ? '' : prefix + indent;
  const open = (bracket: string) => (indent === undefined ? bracket : bracket + '\n' + inner);
  const separator = indent === undefined ? ',' : ',\n' + inner;
  const close = (bracket: string) => (indent === undefined ? bracket : '\n' + prefix + bracket);
  if (isNil(v)) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return v.length === 0 ? '[]' : open('[') + v.map((item) => marshalJson(item, options, depth + 1, inner)).join(separator) + close(']');
  }
  if (v instanceof GoObject) {
    // A struct: its fields in declaration order.
    const keys = Object.keys(v.fields);
    const colon = indent === undefined ? ':' : ': ';
    return keys.length === 0 ? '{}' : open('{') + keys.map((key) => quote(key, options.escapeHtml) + colon + marshalJson(v.fields[key], options, depth + 1, inner)).join(separator) + close('}');
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    const colon = indent === undefined ? ':' : ': ';
    return keys.length === 0 ? '{}' : open('{') + keys.map((key) => quote(key, options.escapeHtml) + colon + marshalJson(v[key], options, depth + 1, inner)).join(separator) + close('}');
  }
  switch (typeof v) {
    case 'string':
      return quote(v, options.escapeHtml);
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return jsonFloat(v);
  }
  return quote(String(v), options.escapeHtml);
}
