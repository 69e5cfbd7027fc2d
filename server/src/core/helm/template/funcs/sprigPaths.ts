/** Sprig's path functions (Go's path package; the os* variants are the same on Linux). */
import type { TemplateFunction } from '../functions';
import { fn } from '../functions';

/** path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') {
    return '.';
  }
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!rooted) {
        out.push('..');
      }
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined === '' ? '.' : joined;
}

function base(p: string): string {
  if (p === '') {
    return '.';
  }
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') {
    return '/';
  }
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dir(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') {
      return p.slice(i);
    }
  }
  return '';
}

const s = (v: unknown) => String(v);

export const sprigPaths: Record<string, TemplateFunction> = {
  base: fn(['string'], ([p]) => base(s(p))),
  dir: fn(['string'], ([p]) => dir(s(p))),
  clean: fn(['string'], ([p]) => cleanPath(s(p))),
  ext: fn(['string'], ([p]) => ext(s(p))),
  isAbs: fn(['string'], ([p]) => s(p).startsWith('/')),
  osBase: fn(['string'], ([p]) => base(s(p))),
  osDir: fn(['string'], ([p]) => dir(s(p))),
  osClean: fn(['string'], ([p]) => cleanPath(s(p))),
  osExt: fn(['string'], ([p]) => ext(s(p))),
  osIsAbs: fn(['string'], ([p]) => s(p).startsWith('/')),
};
