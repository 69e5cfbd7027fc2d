import * as path from 'node:path';

/** Forward slashes everywhere: output and profile globs must not depend on the OS. */
export function toPosix(filePath: string): string {
  return filePath.split(path.sep).join('/');
}

/**
 * How a file is named in output: relative to the working directory when the
 * user named it relatively, absolute when they gave an absolute path.
 */
/** Files found outside the named paths (a base, a chart's values) are shown absolute when every path was given absolute. */
export function pathsGivenAsAbsolute(paths: readonly string[]): boolean {
  return paths.length > 0 && paths.every((given) => path.isAbsolute(given));
}

export function displayPathFor(absolutePath: string, givenAsAbsolute: boolean, cwd: string): string {
  return toPosix(givenAsAbsolute ? absolutePath : path.relative(cwd, absolutePath));
}
