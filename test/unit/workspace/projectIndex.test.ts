/**
 * ProjectIndex with in-memory sources: units that read several files (as a
 * chart reads its values files) are analysed again when any of those files
 * changes, and nothing else is.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DiscoveredPath, InputFile } from '../../../server/src/workspace/files';
import { FileAccessError } from '../../../server/src/workspace/fileAccessError';
import type { UnitOutcome } from '../../../server/src/workspace/projectIndex';
import { ProjectIndex } from '../../../server/src/workspace/projectIndex';

/** A file system in a map; a unit's analysis is the concatenation of its text and the texts of the files it names (`uses: a b`). */
function memoryProject(files: Map<string, string>, unreadable: string[] = []) {
  const analysed: string[] = [];
  const index = new ProjectIndex<string>({
    async *discover(): AsyncGenerator<DiscoveredPath> {
      for (const path of [...files.keys()].sort()) {
        yield { kind: 'file', file: { absolutePath: path, displayPath: path } };
      }
      for (const path of unreadable) {
        yield { kind: 'unreadable', path: { absolutePath: path, displayPath: path }, error: new FileAccessError('read directory', path, Object.assign(new Error(), { code: 'EACCES' })), severity: 'error' };
      }
    },
    includes: (path) => path.endsWith('.yaml'),
    async analyze(file: InputFile): Promise<UnitOutcome<string>> {
      analysed.push(file.absolutePath);
      const text = files.get(file.absolutePath);
      if (text === undefined) {
        return { kind: 'unreadable', message: `cannot read '${file.absolutePath}': no such file or directory` };
      }
      const uses = /^uses: (.*)$/m.exec(text)?.[1]?.split(' ') ?? [];
      return { kind: 'analysed', result: [text, ...uses.map((used) => files.get(used) ?? '?')].join('|'), reads: [file.absolutePath, ...uses] };
    },
  });
  const build = () => index.build({ signal: new AbortController().signal, report: () => undefined });
  const results = async () => Object.fromEntries((await index.snapshot()).units.map(({ file, outcome }) => [file.absolutePath, outcome.kind === 'analysed' ? outcome.result : outcome.kind]));
  return { index, analysed, build, results };
}

describe('ProjectIndex', () => {
  test('analyses each unit once, lists unreadable paths, and is complete after the build', async () => {
    const project = memoryProject(new Map([['/p/a.yaml', 'A'], ['/p/b.yaml', 'B']]), ['/p/locked']);
    await project.build();
    const snapshot = await project.index.snapshot();
    assert.equal(snapshot.complete, true);
    assert.deepEqual(await project.results(), { '/p/a.yaml': 'A', '/p/b.yaml': 'B' });
    assert.deepEqual(snapshot.unreadable, [{ path: '/p/locked', message: "cannot read directory '/p/locked': permission denied" }]);
    assert.deepEqual(project.analysed, ['/p/a.yaml', '/p/b.yaml']);
  });

  test('a changed file re-analyses exactly the units that read it, on the next query', async () => {
    const files = new Map([
      ['/p/chart.yaml', 'uses: /p/values.yaml'],
      ['/p/other.yaml', 'O'],
      ['/p/values.yaml', 'V1'],
    ]);
    const project = memoryProject(files);
    await project.build();
    project.analysed.length = 0;
    files.set('/p/values.yaml', 'V2');
    project.index.fileChanged('/p/values.yaml');
    assert.deepEqual(project.analysed, [], 'nothing is analysed before a query');
    assert.deepEqual(await project.results(), { '/p/chart.yaml': 'uses: /p/values.yaml|V2', '/p/other.yaml': 'O', '/p/values.yaml': 'V2' });
    assert.deepEqual(project.analysed.sort(), ['/p/chart.yaml', '/p/values.yaml']);
    project.analysed.length = 0;
    await project.results();
    assert.deepEqual(project.analysed, [], 'a second query analyses nothing');
  });

  test('staleUnder re-analyses every file under a folder, and nothing else, on the next query', async () => {
    const project = memoryProject(new Map([['/p/chart/templates/a.yaml', 'A'], ['/p/chart/templates/sub/b.yaml', 'B'], ['/p/chart/templatesX.yaml', 'X'], ['/p/other.yaml', 'O']]));
    await project.build();
    project.analysed.length = 0;
    project.index.staleUnder('/p/chart/templates');
    await project.results();
    assert.deepEqual(project.analysed.sort(), ['/p/chart/templates/a.yaml', '/p/chart/templates/sub/b.yaml']);
  });

  test('a change while its unit is being analysed: a query after the change gets an analysis that saw it', async () => {
    let text = 'V1';
    let hold: Promise<void> | null = null;
    const index = new ProjectIndex<string>({
      async *discover(): AsyncGenerator<DiscoveredPath> {
        yield { kind: 'file', file: { absolutePath: '/p/a.yaml', displayPath: '/p/a.yaml' } };
      },
      includes: () => true,
      async analyze(): Promise<UnitOutcome<string>> {
        const seen = text;
        await hold;
        return { kind: 'analysed', result: seen, reads: ['/p/a.yaml'] };
      },
    });
    await index.build({ signal: new AbortController().signal, report: () => undefined });
    const resultOf = async (snapshot: ReturnType<typeof index.snapshot>): Promise<string> => {
      const outcome = (await snapshot).units[0]?.outcome;
      return outcome?.kind === 'analysed' ? outcome.result : String(outcome?.kind);
    };
    let release = (): void => undefined;
    hold = new Promise((resolve) => (release = resolve));
    text = 'V2';
    index.fileChanged('/p/a.yaml');
    const duringV2 = resultOf(index.snapshot());
    // The analysis of V2 is running (held); the file changes again.
    text = 'V3';
    index.fileChanged('/p/a.yaml');
    hold = null;
    const afterV3 = resultOf(index.snapshot());
    release();
    assert.equal(await afterV3, 'V3');
    assert.equal(await duringV2, 'V3', 'the earlier query, still waiting when the change came, ends with the newest too');
  });

  test('a unit that stops reading a file no longer depends on it', async () => {
    const files = new Map([['/p/chart.yaml', 'uses: /p/values.yaml'], ['/p/values.yaml', 'V']]);
    const project = memoryProject(files);
    await project.build();
    files.set('/p/chart.yaml', 'plain');
    project.index.fileChanged('/p/chart.yaml');
    await project.results();
    project.analysed.length = 0;
    project.index.fileChanged('/p/values.yaml');
    await project.results();
    assert.deepEqual(project.analysed, ['/p/values.yaml']);
  });

  test('created files are added when included; deleted files and folders leave; their readers are re-analysed', async () => {
    const files = new Map([['/p/chart.yaml', 'uses: /p/sub/values.yaml'], ['/p/sub/values.yaml', 'V'], ['/p/sub/x.yaml', 'X']]);
    const project = memoryProject(files);
    await project.build();
    files.set('/p/new.yaml', 'N');
    files.set('/p/new.txt', 'T');
    project.index.fileChanged('/p/new.yaml');
    project.index.fileChanged('/p/new.txt');
    files.delete('/p/sub/values.yaml');
    files.delete('/p/sub/x.yaml');
    project.index.pathDeleted('/p/sub');
    assert.deepEqual(await project.results(), { '/p/chart.yaml': 'uses: /p/sub/values.yaml|?', '/p/new.yaml': 'N' });
  });

  test('a rebuild while a build runs: the older build adds nothing', async () => {
    const files = new Map<string, string>(Array.from({ length: 50 }, (_, i) => [`/p/f${String(i).padStart(2, '0')}.yaml`, `F${i}`]));
    const project = memoryProject(files);
    const cancelled = new AbortController();
    const first = project.index.build({ signal: cancelled.signal, report: (n) => n === 10 && cancelled.abort() });
    files.clear();
    files.set('/p/only.yaml', 'ONLY');
    await Promise.all([first, project.build()]);
    assert.deepEqual(await project.results(), { '/p/only.yaml': 'ONLY' });
  });

  test('during a rebuild the previous analyses stay visible; what the rebuild does not find again leaves when it completes', async () => {
    const files = new Map([
      ['/p/a.yaml', 'A'],
      ['/p/b.yaml', 'B'],
    ]);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let hold = false;
    const index = new ProjectIndex<string>({
      async *discover(): AsyncGenerator<DiscoveredPath> {
        for (const path of [...files.keys()].sort()) {
          if (hold) {
            await held;
          }
          yield { kind: 'file', file: { absolutePath: path, displayPath: path } };
        }
      },
      includes: () => true,
      analyze: async (file) => ({ kind: 'analysed', result: files.get(file.absolutePath) ?? '?', reads: [file.absolutePath] }),
    });
    const build = () => index.build({ signal: new AbortController().signal, report: () => undefined });
    const results = async () => Object.fromEntries((await index.snapshot()).units.map(({ file, outcome }) => [file.absolutePath, outcome.kind === 'analysed' ? outcome.result : outcome.kind]));
    await build();
    files.delete('/p/b.yaml');
    hold = true;
    const rebuilding = build();
    const during = await index.snapshot();
    assert.equal(during.complete, false);
    assert.deepEqual(await results(), { '/p/a.yaml': 'A', '/p/b.yaml': 'B' }, 'the units of the last build, not a hole');
    release();
    await rebuilding;
    assert.deepEqual(await results(), { '/p/a.yaml': 'A' });
    assert.equal((await index.snapshot()).complete, true);
  });
});
