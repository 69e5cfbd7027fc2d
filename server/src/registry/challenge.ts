/**
 * `WWW-Authenticate` parsing (RFC 7235 §4.1 / RFC 9110 §11.6.1).
 *
 * One header may hold several challenges: `Bearer realm="a,b",service="x", Basic realm="y"`.
 * Parameter values are tokens or quoted strings; quoted strings may contain commas and
 * backslash escapes. Scheme and parameter names are case-insensitive (returned lowercased).
 */

export interface AuthChallenge {
  /** Lowercased scheme: `bearer`, `basic`, ... */
  scheme: string;
  /** Lowercased parameter names → values (unquoted, unescaped). */
  params: Record<string, string>;
  /** A token68 credential form, when the challenge used one instead of parameters. */
  token68?: string;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68CHAR = /[A-Za-z0-9\-._~+/]/;

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function parseWwwAuthenticate(header: string | string[] | undefined | null): AuthChallenge[] {
  if (header == null) {
    return [];
  }
  if (Array.isArray(header)) {
    return header.flatMap((h) => parseWwwAuthenticate(h));
  }
  const s = header;
  const out: AuthChallenge[] = [];
  let i = 0;

  const skipWs = (): void => {
    while (isWs(s[i])) {
      i++;
    }
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) {
      i++;
    }
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    // s[i] === '"'
    i++;
    let v = '';
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        v += s[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') {
        i++;
        return v;
      }
      v += c;
      i++;
    }
    return v; // unterminated: take what there is
  };
  /** Is there `token OWS = (not '=')` at position p? (an auth-param start) */
  const paramAhead = (p: number): boolean => {
    let j = p;
    while (j < s.length && TCHAR.test(s[j]!)) {
      j++;
    }
    if (j === p) {
      return false;
    }
    while (isWs(s[j])) {
      j++;
    }
    if (s[j] !== '=') {
      return false;
    }
    j++;
    // token68 padding `abc==` is not a parameter
    return s[j] !== '=';
  };
  /** token68 at p: token68 chars, then '='*, then OWS and end or comma. Returns end index or -1. */
  const token68Ahead = (p: number): number => {
    let j = p;
    while (j < s.length && TOKEN68CHAR.test(s[j]!)) {
      j++;
    }
    if (j === p) {
      return -1;
    }
    while (s[j] === '=') {
      j++;
    }
    let k = j;
    while (isWs(s[k])) {
      k++;
    }
    return k >= s.length || s[k] === ',' ? j : -1;
  };

  while (i < s.length) {
    // skip empty list elements
    while (i < s.length && (isWs(s[i]) || s[i] === ',')) {
      i++;
    }
    if (i >= s.length) {
      break;
    }
    const scheme = readToken();
    if (!scheme) {
      // garbage: skip to the next comma
      while (i < s.length && s[i] !== ',') {
        i++;
      }
      continue;
    }
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    skipWs();
    if (i >= s.length) {
      break;
    }
    if (s[i] === ',') {
      continue; // challenge without parameters
    }
    if (!paramAhead(i)) {
      const end = token68Ahead(i);
      if (end > 0) {
        challenge.token68 = s.slice(i, end);
        i = end;
        continue;
      }
    }
    // auth-params
    for (;;) {
      skipWs();
      if (!paramAhead(i)) {
        break;
      }
      const name = readToken().toLowerCase();
      skipWs();
      i++; // '='
      skipWs();
      let value: string;
      if (s[i] === '"') {
        value = readQuoted();
      } else {
        const start = i;
        while (i < s.length && s[i] !== ',' && !isWs(s[i])) {
          i++;
        }
        value = s.slice(start, i);
      }
      if (!(name in challenge.params)) {
        challenge.params[name] = value;
      }
      skipWs();
      if (s[i] === ',') {
        // Either another parameter of this challenge or the next challenge.
        let j = i + 1;
        while (j < s.length && (isWs(s[j]) || s[j] === ',')) {
          j++;
        }
        if (paramAhead(j)) {
          i = j;
          continue;
        }
        i = j;
        break;
      }
      if (i < s.length) {
        // Unexpected character: resynchronise at the next comma.
        while (i < s.length && s[i] !== ',') {
          i++;
        }
      }
      break;
    }
  }
  return out;
}

/** The first challenge of a scheme (case-insensitive), if any. */
export function findChallenge(challenges: readonly AuthChallenge[], scheme: string): AuthChallenge | undefined {
  const want = scheme.toLowerCase();
  return challenges.find((c) => c.scheme === want);
}
