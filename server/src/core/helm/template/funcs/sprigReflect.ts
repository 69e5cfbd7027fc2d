/** Sprig's reflect.go and deepEqual. */
import type { TemplateFunction } from '../functions';
import { fn } from '../functions';
import { kindOf, typeName } from '../values';
import { deepEqual } from './deepEqual';

export const sprigReflect: Record<string, TemplateFunction> = {
  typeOf: fn(['any'], ([v]) => typeName(v)),
  typeIs: fn(['string', 'any'], ([target, v]) => target === typeName(v)),
  typeIsLike: fn(['string', 'any'], ([target, v]) => target === typeName(v) || `*${target}` === typeName(v)),
  kindOf: fn(['any'], ([v]) => kindOf(v)),
  kindIs: fn(['string', 'any'], ([target, v]) => target === kindOf(v)),
  deepEqual: fn(['any', 'any'], ([a, b]) => deepEqual(a, b)),
};
