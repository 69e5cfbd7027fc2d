/**
 * Time and random functions give deterministic placeholders (Helm's own output differs on
 * every run): `now` is Go's reference time, so `date` with any layout prints the layout
 * itself; random strings are "x" repeated. Their output is marked computed
 * ("unsupported: …") so nothing downstream mistakes it for the real value.
 */
import type { TemplateFunction } from '../functions';
import { fn, pfn } from '../functions';
import { computed, pstr } from '../provenance';
import { GoObject, plain } from '../values';

const REFERENCE_TIME = '2006-01-02 15:04:05 -0700 MST';

const referenceTime = () => new GoObject('time.Time', {}, { Unix: () => 1136239445n, Format: (layout) => String(layout) }, () => REFERENCE_TIME);

const placeholder = (name: string, text: string) => pstr(text, computed(`unsupported: ${name}`));

export const timePlaceholders: Record<string, TemplateFunction> = {
  now: fn([], () => referenceTime()),
  date: pfn(['string', 'any'], ([layout]) => placeholder('date', String(plain(layout)))),
  dateInZone: pfn(['string', 'any', 'string'], ([layout]) => placeholder('dateInZone', String(plain(layout)))),
  date_in_zone: pfn(['string', 'any', 'string'], ([layout]) => placeholder('date_in_zone', String(plain(layout)))),
  htmlDate: pfn(['any'], () => placeholder('htmlDate', '2006-01-02')),
  htmlDateInZone: pfn(['any', 'string'], () => placeholder('htmlDateInZone', '2006-01-02')),
  unixEpoch: pfn(['any'], () => placeholder('unixEpoch', '1136239445')),
  ago: pfn(['any'], () => placeholder('ago', '0s')),
  randAlphaNum: pfn(['int'], ([n]) => placeholder('randAlphaNum', 'x'.repeat(Math.max(0, Number(n))))),
  randAlpha: pfn(['int'], ([n]) => placeholder('randAlpha', 'x'.repeat(Math.max(0, Number(n))))),
  randAscii: pfn(['int'], ([n]) => placeholder('randAscii', 'x'.repeat(Math.max(0, Number(n))))),
  randNumeric: pfn(['int'], ([n]) => placeholder('randNumeric', '0'.repeat(Math.max(0, Number(n))))),
  uuidv4: pfn([], () => placeholder('uuidv4', '00000000-0000-4000-8000-000000000000')),
};
