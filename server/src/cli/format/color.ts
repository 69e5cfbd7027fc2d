/** ANSI styling that collapses to plain text when colour is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const style =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function createPalette(enabled: boolean): Palette {
  return {
    red: style(enabled, 31, 39),
    yellow: style(enabled, 33, 39),
    blue: style(enabled, 34, 39),
    dim: style(enabled, 2, 22),
    bold: style(enabled, 1, 22),
    underline: style(enabled, 4, 24),
  };
}
