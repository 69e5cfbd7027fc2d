/**
 * An independent second opinion on digests: skopeo (containers/image) fetches the
 * manifest a tag points at, and the digest is the sha256 of those raw bytes.
 */
import { createHash } from 'node:crypto';
import { runCommand } from './runCommand';

export async function skopeoDigest(
  target: { host: string },
  repo: string,
  tag: string,
  creds?: { username: string; password: string },
): Promise<string> {
  const auth = creds !== undefined ? [`--creds=${creds.username}:${creds.password}`] : ['--no-creds'];
  // Asynchronous on purpose: the token server or proxy skopeo talks to may live in this process.
  const { stdout } = await runCommand('skopeo', [
    '--command-timeout=20s',
    'inspect',
    '--raw',
    '--tls-verify=false',
    '--retry-times=0',
    ...auth,
    `docker://${target.host}/${repo}:${tag}`,
  ]);
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}
