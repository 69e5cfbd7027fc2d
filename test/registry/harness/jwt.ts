import { sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * An RS256 JWT whose `x5c` header carries the signing certificate: distribution's
 * token verifier checks that chain against `auth.token.rootcertbundle`.
 */
export function signJwt(claims: object, key: KeyObject, certPem: string): string {
  const x5c = [new X509Certificate(certPem).raw.toString('base64')];
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${base64url(signature)}`;
}
