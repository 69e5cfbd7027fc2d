/** The blocking reader the CLI's workers use and the asynchronous one of the language server give the same answer for every kind of file. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { FileAccessError } from '../../../server/src/workspace/fileAccessError';
import { readManifestText, readManifestTextSync } from '../../../server/src/workspace/readText';

describe('readManifestTextSync and readManifestText agree', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kil-read-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cases: Array<[string, string | Buffer | null, string]> = [
    ['text.yaml', 'image: nginx:1.25 # café\n', 'text'],
    ['empty.yaml', '', 'text'],
    ['binary.yaml', Buffer.from([0x61, 0x3a, 0x00, 0x62]), 'skipped'],
    ['latin1.yaml', Buffer.from('image: caf\xe9\n', 'latin1'), 'skipped'],
    ['big.yaml', 'x'.repeat(9000), 'skipped'],
    ['folder.yaml', null, 'unreadable'],
    ['missing.yaml', undefined as unknown as null, 'unreadable'],
  ];
  for (const [name, content] of cases) {
    if (content === null) {
      mkdirSync(path.join(dir, name));
    } else if (content !== undefined) {
      writeFileSync(path.join(dir, name), content);
    }
  }
  // Above a folder's own size (4 KiB on most file systems), so the folder is opened and fails to read.
  const maxFileSizeMiB = 8192 / (1024 * 1024);

  for (const [name, , expected] of cases) {
    test(`${name}: ${expected}`, async () => {
      const file = { absolutePath: path.join(dir, name), displayPath: name };
      const settle = async (read: () => unknown) => {
        try {
          return await read();
        } catch (error) {
          assert.ok(error instanceof FileAccessError);
          return { kind: 'unreadable', message: error.message };
        }
      };
      const blocking = await settle(() => readManifestTextSync(file, maxFileSizeMiB));
      const asynchronous = await settle(() => readManifestText(file, maxFileSizeMiB));
      assert.deepEqual(blocking, asynchronous);
      assert.equal((blocking as { kind: string }).kind, expected);
    });
  }
});
