/**
 * An independent second opinion on digests: skopeo (containers/image) fetches the
 * manifest a tag points at, and the digest is the sha256 of those raw bytes.
 */
import { createHash } from 'node:crypto';
import { runCommand } from './runCommand';
import type { CommandResult } from './runCommand';

type Credentials = { username: string; password: string };

function inspect(target: { host: string }, repo: string, tag: string, creds: Credentials | undefined, extra: string[]): Promise<CommandResult> {
  const auth = creds !== undefined ? [`--creds=${creds.username}:${creds.password}`] : ['--no-creds'];
  // Asynchronous on purpose: the token server or proxy skopeo talks to may live in this process.
  return runCommand('skopeo', ['--command-timeout=20s', 'inspect', ...extra, '--tls-verify=false', '--retry-times=0', ...auth, `docker://${target.host}/${repo}:${tag}`]);
}

/** The sha256 of the raw manifest bytes (`skopeo inspect --raw`). */
export async function skopeoDigest(target: { host: string }, repo: string, tag: string, creds?: Credentials): Promise<string> {
  const { stdout } = await inspect(target, repo, tag, creds, ['--raw']);
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}

/** The `Digest` that plain `skopeo inspect` reports (it also reads the image config and the tag list). */
export async function skopeoInspectDigest(target: { host: string }, repo: string, tag: string, creds?: Credentials): Promise<string> {
  const { stdout } = await inspect(target, repo, tag, creds, []);
  return (JSON.parse(stdout.toString()) as { Digest: string }).Digest;
}
