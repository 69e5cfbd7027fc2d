/** The function table Helm templates see: Go builtins, Sprig (TxtFuncMap minus env/expandenv) and Helm's. */
import type { FunctionTable, TemplateFunction } from '../functions';
import { fn, unsupported } from '../functions';
import { builtins } from './builtins';
import { encodingFunctions } from './encoding';
import { helmFunctions } from './helm';
import { timePlaceholders } from './placeholders';
import { serializationFunctions } from './serialization';
import { sprigDefaults } from './sprigDefaults';
import { sprigDicts } from './sprigDicts';
import { sprigLists } from './sprigLists';
import { sprigMath } from './sprigMath';
import { sprigPaths } from './sprigPaths';
import { sprigReflect } from './sprigReflect';
import { sprigRegex } from './sprigRegex';
import { sprigSemver } from './sprigSemver';
import { sprigStrings } from './sprigStrings';

/** Functions that exist in Helm but are not evaluated here: non-deterministic, crypto, network, file system, or not yet written. */
const NOT_EVALUATED = [
  'date_modify', 'dateModify', 'duration', 'durationRound', 'must_date_modify', 'mustDateModify', 'mustToDate', 'toDate',
  'initials', 'swapcase', 'shuffle', 'snakecase', 'camelcase', 'kebabcase', 'wrap', 'wrapWith',
  'randInt', 'getHostByName',
  'bcrypt', 'htpasswd', 'genPrivateKey', 'derivePassword', 'buildCustomCert', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'decryptAES', 'randBytes', 'urlParse', 'urlJoin',
  'toToml', 'fromToml', 'toYamlPretty',
];

/** Sprig's must* list variants return errors where the plain ones panic: the same here. */
const ALIASES: Record<string, string> = {
  mustAppend: 'append', mustPush: 'push', mustPrepend: 'prepend', mustFirst: 'first', mustRest: 'rest', mustLast: 'last', mustInitial: 'initial',
  mustReverse: 'reverse', mustUniq: 'uniq', mustWithout: 'without', mustHas: 'has', mustSlice: 'slice', mustCompact: 'compact', mustChunk: 'chunk',
  trimall: 'trimAll',
};

let shared: FunctionTable | undefined;

/** The table is immutable: built once and shared by every template set. */
export function helmFunctionTable(): FunctionTable {
  shared ??= buildTable();
  return shared;
}

function buildTable(): FunctionTable {
  const table = new Map<string, TemplateFunction>();
  for (const name of NOT_EVALUATED) {
    table.set(name, unsupported(name));
  }
  // Later groups win: Sprig's `slice` replaces Go's builtin, as in Helm's FuncMap.
  const groups = [builtins, sprigStrings, sprigDefaults, sprigMath, sprigLists, sprigDicts, sprigReflect, sprigRegex, sprigSemver, sprigPaths, encodingFunctions, serializationFunctions, timePlaceholders, helmFunctions];
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      table.set(name, fn);
    }
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    table.set(alias, table.get(name) as TemplateFunction);
  }
  table.set('hello', fn([], () => 'Hello!'));
  return table;
}
