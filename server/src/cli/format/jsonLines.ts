import type { Write } from '../io';

/**
 * Writes `{"version":1,"<key>":[` … `]}` with one array element per line, as
 * elements arrive: valid JSON for `jq`, greppable, and never buffered whole.
 * Fields known only at the end (the problems met) follow the array.
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

  close(trailing: Record<string, unknown> = {}): void {
    const fields = Object.entries(trailing).map(([key, value]) => `,\n${JSON.stringify(key)}:${JSON.stringify(value)}`);
    this.write(`${this.count === 0 ? '' : '\n'}]${fields.join('')}}\n`);
  }
}
