/**
 * A packaged chart (`charts/common-2.31.4.tgz`) read in memory into the core's
 * `ChartFiles`: gunzip, then a small ustar reader (with GNU long names and pax `path`
 * records, which `helm package` and other tar writers use for long paths). The archive's
 * top folder is the chart; archives inside its `charts/` are read the same way.
 */
import { gunzipSync } from 'node:zlib';
import type { ChartFiles } from '../core/helm/chart/loadChart';

const BLOCK = 512;
/** Helm refuses charts that decompress beyond this (loader's MaxDecompressedChartSize default). */
const MAX_DECOMPRESSED = 100 * 1024 * 1024;
const MAX_NESTING = 8;

export function readChartArchive(data: Uint8Array, depth = 0): ChartFiles | { error: string } {
  let tar: Buffer;
  try {
    tar = gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED });
  } catch (error) {
    return { error: `not a gzip archive: ${(error as Error).message}` };
  }
  let entries: Map<string, Buffer>;
  try {
    entries = readTar(tar);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const top = new Set([...entries.keys()].map((name) => name.split('/')[0]));
  if (top.size !== 1) {
    return { error: 'the archive must hold exactly one chart folder' };
  }
  const prefix = `${[...top][0]}/`;
  const files: Record<string, string> = {};
  const archives: Record<string, ChartFiles | { error: string }> = {};
  for (const [name, content] of entries) {
    const path = name.slice(prefix.length);
    if (path === '') {
      continue;
    }
    if (/^charts\/[^/]+\.tgz$/.test(path)) {
      archives[path] = depth >= MAX_NESTING ? { error: 'archives nested too deeply' } : readChartArchive(content, depth + 1);
    } else {
      files[path] = content.toString('utf8');
    }
  }
  return { files, archives };
}

function readTar(tar: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) {
      break;
    }
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) {
      throw new Error(`corrupt tar header at offset ${offset}`);
    }
    const type = String.fromCharCode(header[156] ?? 0);
    const bodyStart = offset + BLOCK;
    const body = tar.subarray(bodyStart, bodyStart + size);
    if (body.length < size) {
      throw new Error('truncated tar archive');
    }
    offset = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (type === 'g') {
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type === '0' || type === '\0' || type === '7') {
      entries.set(normalize(name), Buffer.from(body));
    }
  }
  return entries;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** The `path` record of a pax extended header (`<len> path=<value>\n`). */
function paxPath(body: Buffer): string | null {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record);
    if (match) {
      return match[1] as string;
    }
  }
  return null;
}

function normalize(name: string): string {
  return name.replace(/^\.\//, '').replace(/\\/g, '/');
}
