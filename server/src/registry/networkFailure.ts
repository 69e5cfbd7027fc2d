/**
 * Failures below HTTP (connection, TLS, a body cut short) sorted into the few kinds the
 * requester retries or reports, from Node's system, OpenSSL and stream error codes.
 */

export type NetworkFailureKind = 'tls' | 'not-tls' | 'unreachable' | 'reset' | 'truncated' | 'too-large' | 'aborted' | 'config';

/** A failure below HTTP. `code` is a system/Node/OpenSSL code, never a secret. */
export class NetworkFailure extends Error {
  constructor(
    readonly failure: NetworkFailureKind,
    readonly code: string,
    message: string,
    readonly viaProxy = false,
    /** Set when the connection to the proxy itself failed (its address, its TLS): the proxy's host, without credentials. */
    readonly proxyHost?: string,
  ) {
    super(message);
    this.name = 'NetworkFailure';
  }
}

/** The code of a CONNECT that a proxy answered with a status other than 2xx: this prefix, then the status. */
export const PROXY_REFUSAL = 'PROXY_HTTP_';

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

function errorCode(e: unknown): string {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Classify a thrown low-level error. `phase` says whether headers had arrived. */
export function classifyNetworkError(e: unknown, phase: 'connect' | 'body', viaProxy: boolean): NetworkFailure {
  if (e instanceof NetworkFailure) {
    return e;
  }
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (CERT_CODES.has(code) || /certificate/i.test(msg)) {
    return new NetworkFailure('tls', code, `TLS certificate problem (${code})`, viaProxy);
  }
  if (NOT_TLS_CODES.has(code) || /wrong version number|packet length too long|unknown protocol/i.test(msg)) {
    return new NetworkFailure('not-tls', code, 'the server does not speak TLS', viaProxy);
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return new NetworkFailure('tls', code, `TLS handshake failed (${code})`, viaProxy);
  }
  // Node reports a body cut short as ECONNRESET "aborted", or a stream closed early.
  if (phase === 'body' && (code === 'ERR_STREAM_PREMATURE_CLOSE' || RESET_CODES.has(code) || /aborted/i.test(msg))) {
    return new NetworkFailure('truncated', code, 'the connection closed before the whole response arrived', viaProxy);
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new NetworkFailure('unreachable', code, `cannot connect (${code})`, viaProxy);
  }
  if (RESET_CODES.has(code) || /socket hang up/i.test(msg)) {
    return new NetworkFailure('reset', code, `the connection was reset (${code})`, viaProxy);
  }
  return new NetworkFailure('unreachable', code, `request failed (${code})`, viaProxy);
}
