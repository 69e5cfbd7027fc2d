/**
 * The values a user passes to `helm template`, layered as Helm's `values.Options.MergeValues`
 * does: `-f` files merged left to right (`mergeMaps`, nulls kept so they can delete chart
 * defaults later), then every `--set-json`, every `--set`, every `--set-string`, every
 * `--set-file`, then every `--set-literal` (by flag kind, not interleaved as given).
 */
import { mergeMaps } from './coalesce';
import { JsonValueError, parseJson } from './jsonValue';
import type { ValueReader } from './strvals';
import { StrvalsError, parseInto } from './strvals';
import type { ValuesFile } from './valuesFile';
import { readValuesFile } from './valuesFile';
import type { Values } from './valueTypes';
import { deepCopy, isTable } from './valueTypes';

/** `helm template`'s flags that set values one by one, each list in the order given. */
export interface ValueFlags {
  set?: readonly string[];
  setString?: readonly string[];
  setJson?: readonly string[];
  setFile?: readonly string[];
  setLiteral?: readonly string[];
  /** The texts of the files `setFile` names, by the path as written there (the adapter reads them). */
  setFileTexts?: Readonly<Record<string, string>>;
}

export type ValueFlag = '--set-json' | '--set' | '--set-string' | '--set-file' | '--set-literal';

export interface UserValuesInput extends ValueFlags {
  /** `--values` files in order: the name to report and its text. */
  files: readonly { file: string; text: string }[];
}

export interface UserValues {
  values: Values;
  files: ValuesFile[];
  /** Each flag's values alone, in the order Helm applies them (see the top of this file). */
  sets: { flag: ValueFlag; expression: string; values: Values }[];
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
  // The flags write into the maps they walk; they may belong to a (cached) values file.
  values = deepCopy(values);
  const sets: UserValues['sets'] = [];
  const apply = (flag: ValueFlag, expression: string, reader: ValueReader): void => {
    try {
      parseInto(expression, values, reader);
      const alone: Values = {};
      parseInto(expression, alone, reader);
      sets.push({ flag, expression, values: alone });
    } catch (caught) {
      if (!(caught instanceof StrvalsError)) {
        throw caught;
      }
      // Helm words a bad --set-json pair without its cause.
      error ??= flag === '--set-json' ? `failed parsing --set-json data ${expression}` : `failed parsing ${flag} data: ${caught.message}`;
    }
  };
  for (const expression of input.setJson ?? []) {
    const trimmed = expression.trim();
    if (!trimmed.startsWith('{')) {
      apply('--set-json', expression, { kind: 'json' });
      continue;
    }
    // A whole JSON object merges like a values file.
    const object = jsonObject(trimmed);
    if (object === null) {
      error ??= `failed parsing --set-json data JSON: ${expression}`;
      continue;
    }
    values = mergeMaps(values, deepCopy(object));
    sets.push({ flag: '--set-json', expression, values: object });
  }
  for (const expression of input.set ?? []) {
    apply('--set', expression, { kind: 'typed' });
  }
  for (const expression of input.setString ?? []) {
    apply('--set-string', expression, { kind: 'string' });
  }
  const read = (file: string): string => {
    const text = input.setFileTexts && Object.hasOwn(input.setFileTexts, file) ? input.setFileTexts[file] : undefined;
    if (text === undefined) {
      throw new StrvalsError(`open ${file}: no such file or directory`);
    }
    return text;
  };
  for (const expression of input.setFile ?? []) {
    apply('--set-file', expression, { kind: 'file', read });
  }
  for (const expression of input.setLiteral ?? []) {
    apply('--set-literal', expression, { kind: 'literal' });
  }
  return { values, files, sets, error };
}

/**
 * The paths a `--set-file` argument names, in the order Helm reads them, for the adapter to
 * read; `complete` is false when Helm would refuse the argument after reading those.
 */
export function setFilePaths(expression: string): { paths: string[]; complete: boolean } {
  const paths: string[] = [];
  const read = (file: string): string => {
    paths.push(file);
    return '';
  };
  try {
    parseInto(expression, {}, { kind: 'file', read });
    return { paths, complete: true };
  } catch (caught) {
    if (!(caught instanceof StrvalsError)) {
      throw caught;
    }
    return { paths, complete: false };
  }
}

function jsonObject(text: string): Values | null {
  try {
    const parsed = parseJson(text);
    return isTable(parsed) ? parsed : null;
  } catch (caught) {
    if (caught instanceof JsonValueError) {
      return null;
    }
    throw caught;
  }
}
