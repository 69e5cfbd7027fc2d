/** Sprig's numeric.go and conversion functions. */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn } from '../functions';
import { isNil, plain } from '../values';
import type { Value } from '../values';
import { int64, parseGoInt, toFloat64, toInt64 } from './convert';

function intDivide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) {
    throw new FunctionError('runtime error: integer divide by zero');
  }
  return op === 'div' ? int64(a / b) : a % b;
}

/** shopspring/decimal arithmetic as Sprig's *f functions use it, good to float64 precision. */
function decimalFold(values: Value[], op: (a: number, b: number) => number): number {
  return values.map(toFloat64).reduce(op);
}

function until(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) {
    return out;
  }
  if (start < stop && step > 0n) {
    for (let i = start; i < stop; i += step) {
      out.push(i);
    }
  } else if (start > stop && step < 0n) {
    for (let i = start; i > stop; i += step) {
      out.push(i);
    }
  }
  if (out.length > 10_000_000) {
    throw new FunctionError('list too long', 'limit');
  }
  return out;
}

/** Sprig's seq, after GNU seq: `seq END`, `seq START END`, `seq START STEP END`. */
function seq(params: bigint[]): string {
  const join = (list: bigint[]) => list.join(' ');
  if (params.length === 1) {
    const increment = params[0] < 1n ? -1n : 1n;
    return join(until(1n, params[0] + increment, increment));
  }
  if (params.length === 2) {
    const step = params[1] < params[0] ? -1n : 1n;
    return join(until(params[0], params[1] + step, step));
  }
  if (params.length === 3) {
    const [start, step, end] = params;
    const increment = end < start ? -1n : 1n;
    if (end < start && step > 0n) {
      return '';
    }
    return join(until(start, end + increment, step));
  }
  return '';
}

export const sprigMath: Record<string, TemplateFunction> = {
  seq: fn([], (params) => seq(params as bigint[]), 'int'),
  add1: fn(['any'], ([a]) => int64(toInt64(a) + 1n)),
  add: fn([], (args) => int64(args.reduce<bigint>((sum, a) => sum + toInt64(a), 0n)), 'any'),
  sub: fn(['any', 'any'], ([a, b]) => int64(toInt64(a) - toInt64(b))),
  mul: fn(['any'], ([a, ...rest]) => rest.reduce<bigint>((product, b) => int64(product * toInt64(b)), toInt64(a)), 'any'),
  div: fn(['any', 'any'], ([a, b]) => intDivide(toInt64(a), toInt64(b), 'div')),
  mod: fn(['any', 'any'], ([a, b]) => intDivide(toInt64(a), toInt64(b), 'mod')),
  max: fn(['any'], ([a, ...rest]) => rest.map(toInt64).reduce((m, b) => (b > m ? b : m), toInt64(a)), 'any'),
  biggest: fn(['any'], ([a, ...rest]) => rest.map(toInt64).reduce((m, b) => (b > m ? b : m), toInt64(a)), 'any'),
  min: fn(['any'], ([a, ...rest]) => rest.map(toInt64).reduce((m, b) => (b < m ? b : m), toInt64(a)), 'any'),
  add1f: fn(['any'], ([a]) => toFloat64(a) + 1),
  addf: fn([], (args) => (args.length === 0 ? 0 : decimalFold(args, (a, b) => a + b)), 'any'),
  subf: fn(['any'], (args) => decimalFold(args, (a, b) => a - b), 'any'),
  mulf: fn(['any'], (args) => decimalFold(args, (a, b) => a * b), 'any'),
  divf: fn(['any'], (args) => decimalFold(args, (a, b) => a / b), 'any'),
  maxf: fn(['any'], (args) => Math.max(...args.map(toFloat64)), 'any'),
  minf: fn(['any'], (args) => Math.min(...args.map(toFloat64)), 'any'),
  floor: fn(['any'], ([a]) => Math.floor(toFloat64(a))),
  ceil: fn(['any'], ([a]) => Math.ceil(toFloat64(a))),
  round: fn(
    ['any', 'int'],
    ([a, places, roundOn]) => {
      const value = toFloat64(a);
      const p = Number(places);
      const threshold = roundOn === undefined ? 0.5 : toFloat64(roundOn);
      const pow = 10 ** p;
      const digit = pow * value;
      const integer = Math.trunc(digit);
      const fraction = digit - integer;
      return (fraction >= threshold ? Math.ceil(digit) : Math.floor(digit)) / pow;
    },
    'float64',
  ),
  until: fn(['int'], ([count]) => until(0n, count as bigint, (count as bigint) >= 0n ? 1n : -1n)),
  untilStep: fn(['int', 'int', 'int'], ([start, stop, step]) => until(start as bigint, stop as bigint, step as bigint)),
  atoi: fn(['string'], ([s]) => {
    const text = s as string;
    return /^[+-]?\d+$/.test(text) ? (parseGoInt(text.replace(/^([+-]?)0+(?=\d)/, '$1')) ?? 0n) : 0n;
  }),
  int: fn(['any'], ([v]) => toInt64(v)),
  int64: fn(['any'], ([v]) => toInt64(v)),
  float64: fn(['any'], ([v]) => toFloat64(v)),
  toDecimal: fn(['any'], ([v]) => {
    const text = isNil(v) ? '' : String(plain(v));
    return /^[0-7]+$/.test(text) ? BigInt('0o' + text) : 0n;
  }),
};
