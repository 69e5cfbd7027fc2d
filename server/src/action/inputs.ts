import { PROFILES } from '../core/model';
import type { Profile } from '../core/model';
import { oneOf } from '../cli/args';
import { CliError } from '../cli/errors';
import { HELM_FLAG_NAMES } from '../cli/helmRendering';
import type { HelmFlagValues } from '../cli/helmRendering';
import type { FailOn } from '../cli/severity';
import { FAIL_ON_LEVELS } from '../cli/severity';

/** Every input `action.yml` declares (a test keeps the two lists equal). */
export const INPUT_NAMES = [
  'paths',
  'profile',
  'fail-on',
  'format',
  'registry',
  'config',
  'sarif-file',
  // Helm's rendering flags, named as the CLI's options.
  ...HELM_FLAG_NAMES,
] as const;
type InputName = (typeof INPUT_NAMES)[number];

export const LOG_FORMATS = ['github', 'text'] as const;

export interface ActionInputs {
  paths: string[];
  profile: Profile | undefined;
  failOn: FailOn;
  /** How findings appear in the job log: annotations, or the CLI's text. */
  format: (typeof LOG_FORMATS)[number];
  registry: boolean;
  config: string | undefined;
  sarifFile: string | undefined;
  /** Helm's rendering flags, as the CLI's `check` takes them; all empty renders each chart once per environment. */
  helm: HelmFlagValues;
}

/**
 * The runner passes input `fail-on` as `INPUT_FAIL-ON`: spaces become
 * underscores, the name is upper-cased, dashes stay (actions/toolkit `getInput`).
 */
function input(env: NodeJS.ProcessEnv, name: InputName): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

const optional = (value: string) => (value === '' ? undefined : value);

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const paths = words(input(env, 'paths'));
  return {
    paths: paths.length > 0 ? paths : ['.'],
    profile: oneOf('profile', optional(input(env, 'profile')), PROFILES),
    failOn: oneOf('fail-on', optional(input(env, 'fail-on')), FAIL_ON_LEVELS) ?? 'error',
    format: oneOf('format', optional(input(env, 'format')), LOG_FORMATS) ?? 'github',
    registry: readBoolean(input(env, 'registry')),
    config: optional(input(env, 'config')),
    sarifFile: optional(input(env, 'sarif-file')),
    helm: {
      values: orNone(words(input(env, 'values'))),
      // One expression a line: a value may hold spaces and commas.
      set: orNone(lines(input(env, 'set'))),
      'set-string': orNone(lines(input(env, 'set-string'))),
      'set-json': orNone(lines(input(env, 'set-json'))),
      'set-file': orNone(lines(input(env, 'set-file'))),
      'set-literal': orNone(lines(input(env, 'set-literal'))),
      'release-name': optional(input(env, 'release-name')),
      namespace: optional(input(env, 'namespace')),
    },
  };
}

const words = (value: string): string[] => value.split(/\s+/).filter((word) => word !== '');
const lines = (value: string): string[] => value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
/** An empty list is a flag not given (the CLI's parser leaves it undefined too). */
const orNone = (list: string[]): string[] | undefined => (list.length > 0 ? list : undefined);

/** The YAML 1.2 core schema's booleans, as the toolkit's `getBooleanInput` accepts them. */
function readBoolean(value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) {
    return true;
  }
  if (['', 'false', 'False', 'FALSE'].includes(value)) {
    return false;
  }
  throw new CliError(`invalid value '${value}' for registry: expected true or false`);
}
