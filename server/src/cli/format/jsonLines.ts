import type { Write } from '../io';

/**
 * Writes `{"version":1,"<key>":[` … `]}` with one array element per line, as
 * elements arrive: valid JSON for `jq`, greppable, and never buffered whole.
 */
export class StreamingJsonArray {
  private count = 0;

  constructor(
    private readonly write: Write,
    key: string,
  ) {
    write(`{"version":1,${JSON.stringify(key)}:[`);
  }

  push(element: unknown): void {
    this.write(`${this.count === 0 ? '\n' : ',\n'}${JSON.stringify(element)}`);
    this.count++;
  }

  close(): void {
    this.write(`${this.count === 0 ? '' : '\n'}]}\n`);
  }
}
