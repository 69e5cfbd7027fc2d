/** `1 error`, `2 errors`. Every noun the CLI counts takes a plain `s`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
