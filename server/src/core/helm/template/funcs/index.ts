/** The function table Helm templates see: Go builtins, Sprig (TxtFuncMap minus env/expandenv) and Helm's. */
import type { FunctionTable, TemplateFunction } from '../functions';
import { unsupported } from '../functions';
import { builtins } from './builtins';
import { helmFunctions } from './helm';
import { sprigDefaults } from './sprigDefaults';
import { sprigStrings } from './sprigStrings';

/** Functions that exist in Helm but are not evaluated here: non-deterministic, crypto, network, file system, or not yet written. */
const NOT_EVALUATED = [
  'html', 'js', 'urlquery',
  'hello', 'ago', 'date', 'date_in_zone', 'date_modify', 'dateInZone', 'dateModify', 'duration', 'durationRound', 'htmlDate', 'htmlDateInZone',
  'must_date_modify', 'mustDateModify', 'mustToDate', 'now', 'toDate', 'unixEpoch',
  'abbrev', 'abbrevboth', 'initials', 'randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'swapcase', 'shuffle', 'snakecase', 'camelcase', 'kebabcase', 'wrap', 'wrapWith',
  'sha1sum', 'sha256sum', 'adler32sum', 'randInt', 'getHostByName',
  'bcrypt', 'htpasswd', 'genPrivateKey', 'derivePassword', 'buildCustomCert', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'decryptAES', 'randBytes', 'uuidv4', 'urlParse', 'urlJoin',
  'toToml', 'fromToml', 'toYamlPretty', 'fromYamlArray', 'fromJsonArray', 'mustToYaml', 'mustFromYaml', 'mustToJson', 'mustFromJson', 'mustToPrettyJson', 'mustToRawJson',
  'toYaml', 'fromYaml', 'toJson', 'fromJson', 'toPrettyJson', 'toRawJson',
  'atoi', 'int64', 'int', 'float64', 'seq', 'toDecimal', 'until', 'untilStep', 'add1', 'add', 'sub', 'div', 'mod', 'mul', 'add1f', 'addf', 'subf', 'divf', 'mulf',
  'biggest', 'max', 'min', 'maxf', 'minf', 'ceil', 'floor', 'round', 'sortAlpha', 'compact', 'mustCompact', 'deepCopy', 'mustDeepCopy',
  'typeOf', 'typeIs', 'typeIsLike', 'kindOf', 'kindIs', 'deepEqual', 'base', 'dir', 'clean', 'ext', 'isAbs', 'osBase', 'osClean', 'osDir', 'osExt', 'osIsAbs',
  'b64enc', 'b64dec', 'b32enc', 'b32dec', 'tuple', 'list', 'dict', 'get', 'set', 'unset', 'hasKey', 'pluck', 'keys', 'pick', 'omit', 'merge', 'mergeOverwrite',
  'mustMerge', 'mustMergeOverwrite', 'values', 'append', 'push', 'mustAppend', 'mustPush', 'prepend', 'mustPrepend', 'first', 'mustFirst', 'rest', 'mustRest',
  'last', 'mustLast', 'initial', 'mustInitial', 'reverse', 'mustReverse', 'uniq', 'mustUniq', 'without', 'mustWithout', 'has', 'mustHas', 'mustSlice',
  'concat', 'dig', 'chunk', 'mustChunk', 'semver', 'semverCompare', 'regexMatch', 'mustRegexMatch', 'regexFindAll', 'mustRegexFindAll', 'regexFind',
  'mustRegexFind', 'regexReplaceAll', 'mustRegexReplaceAll', 'regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral', 'regexSplit', 'mustRegexSplit', 'regexQuoteMeta',
  'trimall',
];

export function helmFunctionTable(): FunctionTable {
  const table = new Map<string, TemplateFunction>();
  for (const name of NOT_EVALUATED) {
    table.set(name, unsupported(name));
  }
  for (const group of [builtins, sprigStrings, sprigDefaults, helmFunctions]) {
    for (const [name, fn] of Object.entries(group)) {
      table.set(name, fn);
    }
  }
  return table;
}
