/**
 * The values a user passes to `helm template`: `-f` files merged left to right
 * (`mergeMaps`, nulls kept so they can delete chart defaults later), then every `--set`,
 * then every `--set-string` (Helm applies the flag kinds in that order, not interleaved).
 */
import { mergeMaps } from './coalesce';
import { StrvalsError, parseSetInto } from './strvals';
import type { ValuesFile } from './valuesFile';
import { readValuesFile } from './valuesFile';
import type { Values } from './valueTypes';
import { deepCopy } from './valueTypes';

export interface UserValuesInput {
  /** `--values` files in order: the name to report and its text. */
  files: readonly { file: string; text: string }[];
  set?: readonly string[];
  setString?: readonly string[];
}

export interface UserValues {
  values: Values;
  files: ValuesFile[];
  /** Sets in the order Helm applies them (all `--set`, then all `--set-string`). */
  sets: { expression: string; asString: boolean; values: Values }[];
  /** Why Helm would stop (unreadable file, bad --set), or null. */
  error: string | null;
}

export function buildUserValues(input: UserValuesInput): UserValues {
  const files = input.files.map(({ file, text }) => readValuesFile(file, text));
  let values: Values = {};
  let error: string | null = null;
  for (const file of files) {
    if (file.error) {
      error ??= `failed to parse ${file.file}: ${file.error}`;
      continue;
    }
    values = mergeMaps(values, file.values);
  }
  // --set writes into the maps it walks; they may belong to a (cached) values file.
  values = deepCopy(values);
  const sets: UserValues['sets'] = [];
  const apply = (expressions: readonly string[] | undefined, asString: boolean): void => {
    for (const expression of expressions ?? []) {
      try {
        parseSetInto(expression, values, asString);
        const alone: Values = {};
        parseSetInto(expression, alone, asString);
        sets.push({ expression, asString, values: alone });
      } catch (caught) {
        if (!(caught instanceof StrvalsError)) {
          throw caught;
        }
        error ??= `failed parsing --set${asString ? '-string' : ''} data: ${caught.message}`;
      }
    }
  };
  apply(input.set, false);
  apply(input.setString, true);
  return { values, files, sets, error };
}
