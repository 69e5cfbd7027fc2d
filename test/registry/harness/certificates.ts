/**
 * Self-signed key material made with openssl: a CA plus a 127.0.0.1 server
 * certificate for TLS (optionally also naming some host names), and a self-signed RSA certificate for signing tokens.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './runCommand';

export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface SigningFiles {
  certFile: string;
  keyFile: string;
}

const VALID_DAYS = '2';

export async function makeTlsFiles(dir: string, dnsNames: readonly string[] = []): Promise<TlsFiles> {
  const caFile = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  const csrFile = join(dir, 'server.csr');
  const extFile = join(dir, 'server.ext');
  await runCommand('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile,
    '-days', VALID_DAYS, '-subj', '/CN=kube-image-lens test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await runCommand('openssl', [
    'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csrFile,
    '-subj', '/CN=127.0.0.1',
  ]);
  // Clients match the IP against the SAN, never the CN.
  await writeFile(extFile, [
    `subjectAltName=${['IP:127.0.0.1', ...dnsNames.map((name) => `DNS:${name}`)].join(',')}`,
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    '',
  ].join('\n'));
  await runCommand('openssl', [
    'x509', '-req', '-in', csrFile, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial',
    '-out', certFile, '-days', VALID_DAYS, '-extfile', extFile,
  ]);
  return { caFile, certFile, keyFile };
}

/** RSA because the registry's token verifier is given RS256 tokens. */
export async function makeTokenSigningFiles(dir: string): Promise<SigningFiles> {
  const certFile = join(dir, 'token-signer.pem');
  const keyFile = join(dir, 'token-signer.key');
  await runCommand('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', VALID_DAYS, '-subj', '/CN=kube-image-lens test token signer',
  ]);
  return { certFile, keyFile };
}
