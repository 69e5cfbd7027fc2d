export interface Progress {
  /** A plain function (no `this`), so it can be handed on as a callback. */
  update: (done: number, total: number) => void;
  /** Erases the line, before other output goes to the same terminal. */
  clear: () => void;
}

/**
 * `Label 3/10 …` on stderr, rewritten in place, only for a person watching a
 * terminal: in CI logs and pipes it would be noise. Cleared when done.
 */
export function ttyProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true) {
    return { update: () => undefined, clear: () => undefined };
  }
  let shown = false;
  const clear = (): void => {
    if (shown) {
      stream.write('\r\x1b[K');
      shown = false;
    }
  };
  return {
    update: (done, total) => {
      if (done < total) {
        stream.write(`\r${label} ${done}/${total} …\x1b[K`);
        shown = true;
      } else {
        clear();
      }
    },
    clear,
  };
}
