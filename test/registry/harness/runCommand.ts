import { spawn } from 'node:child_process';

export interface CommandResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a short-lived tool (openssl, htpasswd, skopeo) asynchronously. Never use the
 * *Sync child_process APIs in the harness: the token server and fault proxy live in
 * this same process, and a blocked event loop cannot answer the tool's requests.
 */
export function runCommand(file: string, args: string[], timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${file}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) {
        resolve({ stdout: Buffer.concat(stdout), stderr: err });
      } else {
        const why = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
        reject(new Error(`${file} ${args.join(' ')}: ${why}\n${err.trim()}`));
      }
    });
  });
}
