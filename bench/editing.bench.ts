import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../server/src/core/analyze';
import type { Position, Range } from '../server/src/core/model';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import type { Benchmark } from './benchmark';
import { QUICK } from './benchMode';
import type { LanguageServerProcess } from './languageServerProcess';
import { startLanguageServerProcess } from './languageServerProcess';
import { generateManifest } from './manifestGenerator';
import type { BenchServer } from './peerServers';
import { THIS_SERVER, YAML_LANGUAGE_SERVER } from './peerServers';
import { processMemory } from './processMemory';
import { pick, seededRandom } from './random';
import { formatMs, median, percentile, timeMs } from './stats';
import { shippedYaml } from './shippedYaml';

const { parseAllDocuments } = shippedYaml;

interface Size {
  lines: number;
  edits: number;
  hovers: number;
  parses: number;
}

const SIZES: Size[] = QUICK
  ? [
      { lines: 1_000, edits: 5, hovers: 30, parses: 3 },
      { lines: 10_000, edits: 5, hovers: 30, parses: 3 },
    ]
  : [
      { lines: 1_000, edits: 20, hovers: 200, parses: 10 },
      { lines: 10_000, edits: 20, hovers: 200, parses: 5 },
      { lines: 100_000, edits: 20, hovers: 200, parses: 3 },
    ];
const WARM_UP_HOVERS = 10;
/** The peer answers hovers far more slowly on big files; fewer of them keep the run short. */
const PEER_HOVERS = QUICK ? 10 : 50;

/** The targets (issue 12), judged in the full mode. */
const TARGETS = {
  bigEditVsParse: 0.1,
  bigEditSpeedUp: 20,
  smallEditSpeedUp: 4,
  bigOpenVsParse: 1.0,
  rssMiB: 150,
  hoverP95Ms: 5,
};

interface ServerFigures {
  server: string;
  /** didOpen → the first publishDiagnostics for the file. */
  openMs: number;
  /** didOpen → the publish holding every finding of the file (ours may publish the top of the file first). */
  openCompleteMs: number;
  editP50Ms: number;
  editP95Ms: number;
  hoverP50Ms: number;
  hoverP95Ms: number;
  rssAfterOpenMiB: number;
  rssAfterEditsMiB: number;
  peakRssMiB: number;
}

interface SizeFigures {
  lines: number;
  bytes: number;
  documents: number;
  parseMs: number;
  edits: number;
  servers: ServerFigures[];
}

/** Points inside image values and policy values: where users hover. */
function hoverPositions(text: string, count: number): Position[] {
  const { images } = analyzeText(text, { path: 'bench/editing.yaml', settings: DEFAULT_SETTINGS });
  const targets: Range[] = images.flatMap((image) => (image.policyValueRange ? [image.range, image.policyValueRange] : [image.range]));
  const random = seededRandom(7);
  return Array.from({ length: count }, () => {
    const { start, end } = pick(random, targets);
    return { line: start.line, character: start.character + Math.floor(random() * Math.max(1, end.character - start.character)) };
  });
}

/** The first `image:` line of the middle document: a one-line tag edit there is what the issue measures. */
function middleImageLine(text: string): { line: number; valueStart: number; value: string } {
  const lines = text.split('\n');
  const markers = lines.flatMap((line, index) => (line === '---' ? [index] : []));
  const from = markers[Math.floor(markers.length / 2)] ?? 0;
  for (let line = from; line < lines.length; line++) {
    const match = /^(\s*-?\s*image: )(.*)$/.exec(lines[line] as string);
    if (match) {
      return { line, valueStart: (match[1] as string).length, value: match[2] as string };
    }
  }
  throw new Error('no image line in the generated manifest');
}

async function measureServer(bench: BenchServer, text: string, size: Size, expectedFindings: number): Promise<ServerFigures> {
  const root = mkdtempSync(path.join(tmpdir(), 'kil-bench-'));
  const uri = pathToFileURL(path.join(root, 'editing.yaml')).href;
  const server: LanguageServerProcess = await startLanguageServerProcess(pathToFileURL(root).href, bench.launch);
  try {
    if (bench.launch.configuration) {
      // Servers that pull settings read them again on this notification.
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await delay(200);
    }
    const opened = performance.now();
    let openMs = NaN;
    const first = server.nextDiagnostics(uri).then(() => (openMs = performance.now() - opened));
    const complete = server.nextDiagnostics(uri, (published) => !bench.versionedDiagnostics || published.diagnostics.length === expectedFindings);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await complete;
    const openCompleteMs = performance.now() - opened;
    await first;
    const rssAfterOpenMiB = processMemory(server.pid).rssMiB;

    const hovers = bench === THIS_SERVER ? size.hovers : Math.min(size.hovers, PEER_HOVERS);
    const hoverSamples: number[] = [];
    for (const [index, position] of hoverPositions(text, WARM_UP_HOVERS + hovers).entries()) {
      const start = performance.now();
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      if (index >= WARM_UP_HOVERS) {
        hoverSamples.push(performance.now() - start);
      }
    }

    const target = middleImageLine(text);
    let value = target.value;
    const editSamples: number[] = [];
    for (let edit = 0; edit < size.edits; edit++) {
      const version = edit + 2;
      const next = `nginx:1.25.${10 + edit}`;
      const range = { start: { line: target.line, character: target.valueStart }, end: { line: target.line, character: target.valueStart + value.length } };
      const published = server.nextDiagnostics(uri, (params) => !bench.versionedDiagnostics || params.version === version);
      const start = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: next }] });
      await published;
      editSamples.push(performance.now() - start);
      value = next;
    }
    const afterEdits = processMemory(server.pid);
    return {
      server: bench.name,
      openMs,
      openCompleteMs,
      editP50Ms: median(editSamples),
      editP95Ms: percentile(editSamples, 0.95),
      hoverP50Ms: median(hoverSamples),
      hoverP95Ms: percentile(hoverSamples, 0.95),
      rssAfterOpenMiB,
      rssAfterEditsMiB: afterEdits.rssMiB,
      peakRssMiB: afterEdits.peakMiB,
    };
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

async function measureSize(size: Size): Promise<SizeFigures> {
  const text = generateManifest(size.lines);
  // The first parses warm the JIT up; the median of the next ones is the baseline.
  const documents = parseAllDocuments(text);
  parseAllDocuments(text);
  const parseMs = median(Array.from({ length: size.parses }, () => timeMs(() => parseAllDocuments(text))));
  const expectedFindings = analyzeText(text, { path: 'bench/editing.yaml', settings: DEFAULT_SETTINGS }).findings.length;
  const servers: ServerFigures[] = [];
  for (const bench of [THIS_SERVER, YAML_LANGUAGE_SERVER]) {
    servers.push(await measureServer(bench, text, size, expectedFindings));
  }
  const documentCount = Array.isArray(documents) ? documents.length : 1;
  return { lines: size.lines, bytes: Buffer.byteLength(text), documents: documentCount, parseMs, edits: size.edits, servers };
}

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

/** Every target of issue 12 that a size's figures decide, as printable lines. */
function targetNotes(figures: SizeFigures): string[] {
  const [ours, peer] = figures.servers as [ServerFigures, ServerFigures];
  const speedUp = peer.editP50Ms / ours.editP50Ms;
  const label = `${figures.lines / 1000}k lines`;
  const notes = [`${label}: hover p95 ${formatMs(ours.hoverP95Ms)} ms — target ≤ ${TARGETS.hoverP95Ms} ms ${verdict(ours.hoverP95Ms <= TARGETS.hoverP95Ms)}`];
  if (figures.lines >= 100_000) {
    const editVsParse = ours.editP50Ms / figures.parseMs;
    const openVsParse = ours.openMs / figures.parseMs;
    const rss = Math.max(ours.rssAfterEditsMiB, ours.peakRssMiB);
    notes.push(
      `${label}: edit p50 ${editVsParse.toFixed(3)}× bare parse — target ≤ ${TARGETS.bigEditVsParse}× ${verdict(editVsParse <= TARGETS.bigEditVsParse)}`,
      `${label}: edit p50 ${speedUp.toFixed(1)}× faster than the peer — target ≥ ${TARGETS.bigEditSpeedUp}× ${verdict(speedUp >= TARGETS.bigEditSpeedUp)}`,
      `${label}: open → first diagnostics ${openVsParse.toFixed(2)}× bare parse — target ≤ ${TARGETS.bigOpenVsParse}× ${verdict(openVsParse <= TARGETS.bigOpenVsParse)}`,
      `${label}: RSS after edits ${ours.rssAfterEditsMiB.toFixed(0)} MiB, peak ${ours.peakRssMiB.toFixed(0)} MiB — target ≤ ${TARGETS.rssMiB} MiB ${verdict(rss <= TARGETS.rssMiB)}`,
    );
  } else {
    notes.push(`${label}: edit p50 ${speedUp.toFixed(1)}× faster than the peer — target ≥ ${TARGETS.smallEditSpeedUp}× ${verdict(speedUp >= TARGETS.smallEditSpeedUp)}`);
  }
  return notes;
}

export const benchmark: Benchmark = {
  name: 'editing',
  description: `both servers over stdio on the same generated file: open, hover, one-line tag edits in the middle document (debounces included as they ship)${QUICK ? ' — quick mode, targets not judged' : ''}`,
  async run() {
    const results: SizeFigures[] = [];
    for (const size of SIZES) {
      results.push(await measureSize(size));
    }
    const rows = results.flatMap((figures) =>
      figures.servers.map((server) => [
        `${figures.lines / 1000}k`,
        server.server,
        formatMs(figures.parseMs),
        formatMs(server.openMs),
        `${(server.openMs / figures.parseMs).toFixed(2)}×`,
        formatMs(server.openCompleteMs),
        formatMs(server.editP50Ms),
        formatMs(server.editP95Ms),
        `${(server.editP50Ms / figures.parseMs).toFixed(3)}×`,
        formatMs(server.hoverP50Ms),
        formatMs(server.hoverP95Ms),
        server.rssAfterOpenMiB.toFixed(0),
        server.rssAfterEditsMiB.toFixed(0),
        server.peakRssMiB.toFixed(0),
      ]),
    );
    const speedUps = results.map((figures) => {
      const [ours, peer] = figures.servers as [ServerFigures, ServerFigures];
      return `${figures.lines / 1000}k lines: edit p50 ${(peer.editP50Ms / ours.editP50Ms).toFixed(1)}× faster than ${peer.server}, open ${(peer.openMs / ours.openMs).toFixed(1)}× faster`;
    });
    return {
      table: {
        columns: ['file', 'server', 'parse ms', 'open ms', 'open/parse', 'complete ms', 'edit p50', 'edit p95', 'edit/parse', 'hover p50', 'hover p95', 'RSS open', 'RSS edits', 'RSS peak'],
        rows,
      },
      results: { quick: QUICK, sizes: results },
      notes: [
        'parse: bare yaml parseAllDocuments of the whole file in the bench process; open: didOpen → first publishDiagnostics; complete: → the publish with every finding.',
        'edit: didChange of one image tag in the middle document → its publishDiagnostics (p50/p95 over the edits); RSS in MiB from /proc/<pid>/status (VmRSS, VmHWM).',
        ...speedUps,
        ...(QUICK ? [] : results.flatMap(targetNotes)),
      ],
    };
  },
};
