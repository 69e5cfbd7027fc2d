/** fast-check arbitraries for strings shaped like image references. */

import fc from 'fast-check';

// Mostly well-formed pieces with some random ones mixed in, so that both
// matches and near misses are common.
const piece = (wellFormed: string[], ...noise: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...wellFormed) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...noise), { maxLength: 6 }).map((parts) => parts.join('')) },
  );
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0f9aAF'.split('')), minLength: length, maxLength: length });
const hostLike = piece(['x.io', 'a', 'A-b.c', '127.0.0.1', 'localhost', '[::1]', '[fd00:F::1]'], 'a', 'b0', 'F', '.', '-', '_', '[', ']', ':');
const domainLike = fc.tuple(hostLike, piece(['', ':80'], ':', '80', 'a')).map(([host, port]) => host + port);
const componentLike = piece(['a', 'b0', 'a.b', 'a__b', 'a--b', 'ab_c'], 'a', 'b0', '.', '_', '__', '-', '--', 'F', '!');
const nameLike = fc
  .tuple(fc.option(domainLike), fc.array(componentLike, { minLength: 1, maxLength: 3 }))
  .map(([domain, components]) => (domain === null ? components : [domain, ...components]).join('/'));
const tagLike = piece(['v1', 'Latest', '_x.y-z', '80'], 'a', 'F', '_', '.', '-', '0', '!', '/');
const digestLike = fc
  .tuple(piece(['sha256', 'a+b', 'Sha.x'], 'a', '1', '-', '+', '.', 'F'), fc.oneof(hex(32), hex(64), hex(31)))
  .map(([algorithm, encoded]) => `${algorithm}:${encoded}`);
export const referenceLike = fc
  .tuple(nameLike, fc.option(tagLike), fc.option(digestLike))
  .map(([name, tag, digest]) => `${name}${tag === null ? '' : `:${tag}`}${digest === null ? '' : `@${digest}`}`);
export const grammarInput = fc.oneof(domainLike, nameLike, tagLike, digestLike, referenceLike);
