/** Helm's non-map template objects (`.Files`, `.Capabilities.APIVersions`, `.Capabilities.KubeVersion`) as `GoObject`s. */
import { FunctionError } from './functions';
import { GoObject } from './values';

/** `.Files`: Get and Lines read the chart's files (path → content). */
export function filesObject(files: Record<string, string>): GoObject {
  const read = (path: unknown): string | undefined => (typeof path === 'string' && Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined);
  const unsupportedMethod = (name: string) => () => {
    throw new FunctionError(`.Files.${name} is not supported by this evaluator`, 'unsupported');
  };
  return new GoObject('engine.files', {}, {
    Get: (path) => read(path) ?? '',
    Lines: (path) => {
      const text = read(path);
      if (text === undefined || text === '') {
        return [];
      }
      return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
    },
    GetBytes: unsupportedMethod('GetBytes'),
    Glob: unsupportedMethod('Glob'),
    AsConfig: unsupportedMethod('AsConfig'),
    AsSecrets: unsupportedMethod('AsSecrets'),
  });
}

/** `.Capabilities.APIVersions` with its `Has` method. */
export function apiVersionSet(versions: readonly string[]): GoObject {
  return new GoObject('chartutil.VersionSet', {}, { Has: (version) => versions.includes(String(version)) }, () => `[${versions.join(' ')}]`);
}

/** `.Capabilities.KubeVersion`: fields Version, Major, Minor; methods GitVersion and String; prints as Version. */
export function kubeVersion(version: string): GoObject {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  const fields = { Version: version, Major: match?.[1] ?? '', Minor: match?.[2] ?? '' };
  return new GoObject('*common.KubeVersion', fields, { String: () => version, GitVersion: () => version }, () => version);
}
