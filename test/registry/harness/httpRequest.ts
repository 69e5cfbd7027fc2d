import { request as httpRequestRaw } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestOptions {
  method: string;
  headers?: OutgoingHttpHeaders;
  body?: Buffer | string;
  /** PEM to trust for https URLs (the harness CA); null = system trust. */
  ca?: Buffer | string | null;
  timeoutMs?: number;
}

/**
 * One buffered HTTP(S) exchange, no connection reuse (`agent: false`) so nothing
 * is left open when a test stops a server. The harness's own plumbing, kept apart
 * from the product's registry client on purpose.
 */
export function httpRequest(url: string, opts: HttpRequestOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const headers: OutgoingHttpHeaders = { ...opts.headers };
  if (body !== undefined) {
    headers['content-length'] = body.length;
  }
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: opts.method,
        headers,
        agent: false,
        ca: opts.ca ?? undefined,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.once('timeout', () => req.destroy(new Error(`${opts.method} ${url}: timed out`)));
    req.once('error', reject);
    req.end(body);
  });
}
