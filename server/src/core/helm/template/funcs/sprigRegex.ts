/** Sprig's regex.go over Go-compatible matching (see goRegexp.ts). */
import type { TemplateFunction } from '../functions';
import { FunctionError, fn, pfn } from '../functions';
import { GoRegexpError, compileGo, expand, findAll, mustCompile, quoteMeta, replaceAllRanges, split } from '../goRegexp';
import { PStr, TextBuilder, computed, pstr } from '../provenance';
import { plain } from '../values';
import type { Value } from '../values';

function p(value: Value): PStr {
  return value instanceof PStr ? value : pstr(String(plain(value)), computed('string'));
}

function replace(literal: boolean): TemplateFunction {
  return pfn(['string', 'string', 'string'], ([regex, s, repl]) => {
    const re = mustCompile(String(plain(regex)));
    const source = p(s);
    const replacement = p(repl);
    const out = new TextBuilder();
    replaceAllRanges(
      re,
      source.text,
      (m) => (literal ? out.appendP(replacement) : out.append(expand(replacement.text, m), computed('regexReplaceAll'))),
      (start, end) => out.appendSlice(source, start, end),
    );
    return out.build();
  });
}

function matches(regex: string, s: string): boolean {
  const re = compileGo(regex);
  re.lastIndex = 0;
  return re.test(s);
}

export const sprigRegex: Record<string, TemplateFunction> = {
  // regexMatch swallows compile errors (false); a pattern this evaluator cannot translate is still reported.
  regexMatch: fn(['string', 'string'], ([regex, s]) => {
    try {
      return matches(regex as string, s as string);
    } catch (error) {
      if (error instanceof GoRegexpError && !error.message.includes('not supported')) {
        return false;
      }
      throw new FunctionError(`regular expression ${JSON.stringify(regex)}: ${(error as Error).message}`, 'unsupported');
    }
  }),
  mustRegexMatch: fn(['string', 'string'], ([regex, s]) => {
    mustCompile(regex as string);
    return matches(regex as string, s as string);
  }),
  regexFind: fn(['string', 'string'], ([regex, s]) => findAll(mustCompile(regex as string), s as string, 1)[0]?.[0] ?? ''),
  mustRegexFind: fn(['string', 'string'], ([regex, s]) => findAll(mustCompile(regex as string), s as string, 1)[0]?.[0] ?? ''),
  regexFindAll: fn(['string', 'string', 'int'], ([regex, s, n]) => findAll(mustCompile(regex as string), s as string, Number(n)).map((m) => m[0])),
  mustRegexFindAll: fn(['string', 'string', 'int'], ([regex, s, n]) => findAll(mustCompile(regex as string), s as string, Number(n)).map((m) => m[0])),
  regexReplaceAll: replace(false),
  mustRegexReplaceAll: replace(false),
  regexReplaceAllLiteral: replace(true),
  mustRegexReplaceAllLiteral: replace(true),
  regexSplit: fn(['string', 'string', 'int'], ([regex, s, n]) => split(mustCompile(regex as string), regex as string, s as string, Number(n))),
  mustRegexSplit: fn(['string', 'string', 'int'], ([regex, s, n]) => split(mustCompile(regex as string), regex as string, s as string, Number(n))),
  regexQuoteMeta: fn(['string'], ([s]) => quoteMeta(s as string)),
};
