/** Sprig's list.go. Functions that panic in Go fail with the same message. */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { compareStrings, isNil, plain, truth } from '../values';
import type { Value } from '../values';
import { kindName, requireSlice, toInt64 } from './convert';
import { deepEqual } from './deepEqual';
import { strslice, strval } from './strval';

const inList = (list: readonly Value[], needle: Value) => list.some((item) => deepEqual(item, needle));

function listOp(name: string, op: (list: Value[]) => Value): TemplateFunction {
  return pfn(['any'], ([list]) => op(requireSlice(list, `Cannot find ${name} on type`)));
}

export const sprigLists: Record<string, TemplateFunction> = {
  list: pfn([], (args) => [...args], 'any'),
  tuple: pfn([], (args) => [...args], 'any'),
  first: listOp('first', (l) => (l.length === 0 ? null : l[0])),
  last: listOp('last', (l) => (l.length === 0 ? null : l[l.length - 1])),
  rest: listOp('rest', (l) => (l.length === 0 ? null : l.slice(1))),
  initial: listOp('initial', (l) => (l.length === 0 ? null : l.slice(0, -1))),
  reverse: listOp('reverse', (l) => [...l].reverse()),
  uniq: listOp('uniq', (l) => {
    const out: Value[] = [];
    for (const item of l) {
      if (!inList(out, item)) {
        out.push(item);
      }
    }
    return out;
  }),
  compact: listOp('compact', (l) => l.filter((item) => truth(item))),
  append: pfn(['any', 'any'], ([list, v]) => [...requireSlice(list, 'Cannot push on type'), v]),
  push: pfn(['any', 'any'], ([list, v]) => [...requireSlice(list, 'Cannot push on type'), v]),
  prepend: pfn(['any', 'any'], ([list, v]) => [v, ...requireSlice(list, 'Cannot prepend on type')]),
  concat: pfn(
    [],
    (lists) =>
      lists.flatMap((list) => {
        const v = plain(list);
        if (!Array.isArray(v)) {
          throw new FunctionError(`Cannot concat type ${kindName(v)} as list`);
        }
        return v;
      }),
    'any',
  ),
  without: pfn(['any'], ([list, ...omit]) => requireSlice(list, 'Cannot find without on type').filter((item) => !inList(omit, item)), 'any'),
  has: fn(['any', 'any'], ([needle, haystack]) => {
    if (isNil(haystack)) {
      return false;
    }
    return inList(requireSlice(haystack, 'Cannot find has on type'), needle);
  }),
  slice: pfn(
    ['any'],
    ([list, ...indices]) => {
      const l = requireSlice(list, 'list should be type of slice or array but');
      if (l.length === 0) {
        return null;
      }
      const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
      const end = indices.length > 1 ? Number(toInt64(indices[1])) : l.length;
      if (start < 0 || end > l.length || start > end) {
        throw new FunctionError(`reflect: slice index out of range`);
      }
      return l.slice(start, end);
    },
    'any',
  ),
  chunk: pfn(['int', 'any'], ([size, list]) => {
    const l = requireSlice(list, 'Cannot chunk type');
    const n = Number(size);
    if (n <= 0) {
      throw new FunctionError('runtime error: integer divide by zero');
    }
    const out: Value[][] = [];
    for (let i = 0; i < l.length; i += n) {
      out.push(l.slice(i, i + n));
    }
    return out;
  }),
  sortAlpha: pfn(['any'], ([list], ctx) => {
    const v = plain(list);
    if (!Array.isArray(v)) {
      return [strval(list)];
    }
    return strslice(list, ctx).sort((a, b) => compareStrings(a.text, b.text));
  }),
};
