/**
 * ASCII character classes as RE2 (Go's regexp) defines them. Only ASCII can
 * match any of them, so testing single UTF-16 code units is exact.
 */

export function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** `[a-zA-Z]` */
export function isLetter(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');
}

/** `[a-zA-Z0-9]` */
export function isAlphanumeric(char: string): boolean {
  return isLetter(char) || isDigit(char);
}

/** `[a-z0-9]` */
export function isLowerAlphanumeric(char: string): boolean {
  return (char >= 'a' && char <= 'z') || isDigit(char);
}

/** `\w`, which RE2 keeps ASCII-only: `[0-9A-Za-z_]`. */
export function isWordChar(char: string): boolean {
  return isAlphanumeric(char) || char === '_';
}

/** `[[:xdigit:]]`: `[0-9A-Fa-f]`. */
export function isHexDigit(char: string): boolean {
  return isDigit(char) || (char >= 'a' && char <= 'f') || (char >= 'A' && char <= 'F');
}

/** `[a-f0-9]` */
export function isLowerHexDigit(char: string): boolean {
  return isDigit(char) || (char >= 'a' && char <= 'f');
}

/** Whether every code unit of `text` is in the class; true for the empty string. */
export function everyChar(text: string, inClass: (char: string) => boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!inClass(text[i])) {
      return false;
    }
  }
  return true;
}
